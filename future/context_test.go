package future_test

import (
	"context"
	"errors"
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

func TestWaitContext(t *testing.T) {
	t.Run("an ended ctx returns the split at once", func(t *testing.T) {
		fs := futures(3)
		require.True(t, fs[1].Cancel())
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, when := range []future.ReturnWhen{future.FirstException, future.AllCompleted} {
			done, notDone := future.WaitContext(ctx, fs, when)
			require.Equal(t, fs[1:2], done, when.String())
			require.Equal(t, []*future.Future[int]{fs[0], fs[2]}, notDone)
		}
	})
	t.Run("a done future wins over an ended ctx", func(t *testing.T) {
		fs := futures(2)
		require.NoError(t, fs[1].SetErr(errBoom))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		done, _ := future.WaitContext(ctx, fs, future.FirstException)
		require.Equal(t, fs[1:], done)
	})
	t.Run("FirstCompleted wakes on a completion", func(t *testing.T) {
		fs := futures(2)
		ctx, cancel := context.WithTimeout(context.Background(), long)
		defer cancel()
		go fs[1].Cancel()
		done, notDone := future.WaitContext(ctx, fs, future.FirstCompleted)
		require.Equal(t, fs[1:], done)
		require.Equal(t, fs[:1], notDone)
		require.NoError(t, ctx.Err(), "returned on the deadline, not the completion")
	})
}

func TestAsCompletedContextStopsWhenTheContextEnds(t *testing.T) {
	done, pending := future.New[int](), future.New[int]()
	require.NoError(t, done.SetResult(1))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
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

func TestAsCompletedContext(t *testing.T) {
	t.Run("a deadline yields DeadlineExceeded, not ErrTimeout", func(t *testing.T) {
		fs := futures(2)
		ctx, cancel := context.WithTimeout(context.Background(), short)
		defer cancel()
		var errs []error
		for f, err := range future.AsCompletedContext(ctx, fs) {
			require.Nil(t, f)
			errs = append(errs, err)
		}
		require.Len(t, errs, 1)
		require.ErrorIs(t, errs[0], context.DeadlineExceeded)
		require.False(t, errors.Is(errs[0], future.ErrTimeout), "ctx.Err(), not the timeout sentinel")
		require.Contains(t, errs[0].Error(), "2 (of 2) futures unfinished")
	})
	t.Run("completion order, duplicates once", func(t *testing.T) {
		fs := futures(3)
		go func() {
			for future.WaiterCount(fs[0]) == 0 || future.WaiterCount(fs[2]) == 0 {
				time.Sleep(time.Millisecond)
			}
			_ = fs[2].SetResult(1)
			_ = fs[0].SetErr(errBoom)
		}()
		require.NoError(t, fs[1].SetResult(1))
		var got []*future.Future[int]
		within(t, "AsCompletedContext", func() {
			for f, err := range future.AsCompletedContext(context.Background(), append(fs, fs...)) {
				if err == nil {
					got = append(got, f)
				}
			}
		})
		require.Equal(t, []*future.Future[int]{fs[1], fs[2], fs[0]}, got)
	})
}
