package future_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/future"
)

func TestWaitContextReturnsWhenTheContextEnds(t *testing.T) {
	done, pending := future.New[int](), future.New[int]()
	require.NoError(t, done.SetResult(1))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	d, nd := future.WaitContext(ctx, []*future.Future[int]{done, pending}, future.AllCompleted)
	require.Equal(t, []*future.Future[int]{done}, d)
	require.Equal(t, []*future.Future[int]{pending}, nd)
	require.Zero(t, future.WaiterCount(pending))

	go pending.SetResult(2)
	d, nd = future.WaitContext(context.Background(), []*future.Future[int]{done, pending}, future.AllCompleted)
	require.Len(t, d, 2)
	require.Empty(t, nd)
}

func TestAsCompletedContextStopsWhenTheContextEnds(t *testing.T) {
	done, pending := future.New[int](), future.New[int]()
	require.NoError(t, done.SetResult(1))
	ctx, cancel := context.WithCancel(context.Background())
	var got []*future.Future[int]
	var last error
	for f, err := range future.AsCompletedContext(ctx, []*future.Future[int]{pending, done}) {
		if err != nil {
			last = err
			break
		}
		got = append(got, f)
		cancel() // after the first (already done) future
	}
	require.Equal(t, []*future.Future[int]{done}, got)
	require.ErrorIs(t, last, context.Canceled)
	require.EqualError(t, last, "context canceled: 1 (of 2) futures unfinished")
	require.Zero(t, future.WaiterCount(pending))
}
