package future_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/future"
)

func TestManyWaiters(t *testing.T) {
	const n = 100
	f := future.New[int]()
	results := make(chan outcome, n)
	var started, wg sync.WaitGroup
	started.Add(n)
	for i := range n {
		wg.Go(func() {
			started.Done()
			switch i % 4 {
			case 0:
				v, err := f.Result(0)
				results <- outcome{v, err}
			case 1:
				v, err := f.Await(context.Background())
				results <- outcome{v, err}
			case 2:
				<-f.DoneChan()
				v, err := f.Result(short) // done already: must not time out
				results <- outcome{v, err}
			default:
				future.Wait([]*future.Future[int]{f}, 0, future.AllCompleted)
				v, err := f.Result(short)
				results <- outcome{v, err}
			}
		})
	}
	started.Wait()
	require.NoError(t, f.SetResult(42))
	within(t, "the waiters", wg.Wait)
	close(results)
	for o := range results {
		require.Equal(t, outcome{42, nil}, o)
	}
}

func TestRacingCompletion(t *testing.T) {
	const rounds, n = 50, 16
	for range rounds {
		f := future.New[int]()
		var setWins, setInvalid, cancelTrue, cancelFalse atomic.Int32
		var winner atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				var err error
				switch i % 3 {
				case 0:
					err = f.SetResult(i)
				case 1:
					err = f.SetErr(errBoom)
				default:
					if f.Cancel() {
						cancelTrue.Add(1)
					} else {
						cancelFalse.Add(1)
					}
					return
				}
				if err == nil {
					setWins.Add(1)
					winner.Store(int64(i))
				} else if errors.Is(err, future.ErrInvalidState) {
					setInvalid.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		require.Equal(t, int32(n), setWins.Load()+setInvalid.Load()+cancelTrue.Load()+cancelFalse.Load(),
			"a Set failed with an error other than ErrInvalidState")
		if f.Cancelled() {
			require.Zero(t, setWins.Load(), "a Set succeeded on a cancelled future")
			require.Zero(t, cancelFalse.Load(), "Cancel false on a cancelled future")
			continue
		}
		require.Equal(t, int32(1), setWins.Load(), "exactly one Set must win")
		require.Zero(t, cancelTrue.Load(), "Cancel true on a finished future")
		v, err := f.Result(0)
		if w := int(winner.Load()); w%3 == 0 {
			require.Equal(t, outcome{w, nil}, outcome{v, err})
		} else {
			require.Same(t, errBoom, err)
		}
	}
}

func TestRacingSetRunningAndCancel(t *testing.T) {
	for range 200 {
		f := future.New[int]()
		var ran, cancelled atomic.Int32
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() {
				if i%2 == 0 && f.SetRunning() {
					ran.Add(1)
				}
				if i%2 == 1 && f.Cancel() {
					cancelled.Add(1)
				}
			})
		}
		wg.Wait()
		if f.Cancelled() {
			require.Zero(t, ran.Load(), "the task started on a cancelled future")
			require.Equal(t, int32(2), cancelled.Load())
		} else {
			require.Equal(t, int32(1), ran.Load(), "SetRunning must claim the future once")
			require.Zero(t, cancelled.Load(), "Cancel true on a running future")
			require.True(t, f.Running())
		}
	}
}
