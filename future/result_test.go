package future_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/future"
)

// outcome is what one of the three waiting calls returned.
type outcome struct {
	v   int
	err error
}

// waiters are the three ways to wait for a future, each bounded by timeout
// (Await through a context with that deadline, or none if timeout <= 0).
var waiters = map[string]func(f *future.Future[int], timeout time.Duration) outcome{
	"Result": func(f *future.Future[int], timeout time.Duration) outcome {
		v, err := f.Result(timeout)
		return outcome{v, err}
	},
	"Err": func(f *future.Future[int], timeout time.Duration) outcome {
		return outcome{0, f.Err(timeout)}
	},
	"Await": func(f *future.Future[int], timeout time.Duration) outcome {
		ctx := context.Background()
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		v, err := f.Await(ctx)
		return outcome{v, err}
	},
}

func TestWaiting(t *testing.T) {
	for name, wait := range waiters {
		t.Run(name, func(t *testing.T) {
			t.Run("value", func(t *testing.T) {
				f := future.New[int]()
				require.NoError(t, f.SetResult(42))
				got := wait(f, long)
				require.NoError(t, got.err)
				if name != "Err" {
					require.Equal(t, 42, got.v)
				}
			})
			t.Run("the task's very error", func(t *testing.T) {
				f := future.New[int]()
				require.NoError(t, f.SetErr(errBoom))
				got := wait(f, long)
				require.Same(t, errBoom, got.err)
				require.Zero(t, got.v)
			})
			t.Run("cancelled", func(t *testing.T) {
				f := future.New[int]()
				require.True(t, f.Cancel())
				got := wait(f, long)
				require.ErrorIs(t, got.err, future.ErrCancelled)
				require.ErrorIs(t, got.err, context.Canceled)
			})
			t.Run("times out on a pending future", func(t *testing.T) {
				requireTimesOut(t, future.New[int](), wait, name)
			})
			t.Run("times out on a running future", func(t *testing.T) {
				f := future.New[int]()
				require.True(t, f.SetRunning())
				requireTimesOut(t, f, wait, name)
			})
			for _, timeout := range []time.Duration{0, -time.Second} {
				t.Run("timeout "+timeout.String()+" waits for completion", func(t *testing.T) {
					requireWaitsForever(t, func(f *future.Future[int]) outcome { return wait(f, timeout) })
				})
			}
		})
	}
}

// requireTimesOut checks that wait gives up on a future that never
// completes, no earlier than the timeout, with an error matching both
// ErrTimeout and context.DeadlineExceeded (Await: ctx.Err()).
func requireTimesOut(t *testing.T, f *future.Future[int], wait func(*future.Future[int], time.Duration) outcome, name string) {
	t.Helper()
	start := time.Now()
	got := wait(f, short)
	require.GreaterOrEqual(t, time.Since(start), short)
	if name == "Await" {
		require.Equal(t, context.DeadlineExceeded, got.err)
	} else {
		require.ErrorIs(t, got.err, future.ErrTimeout)
	}
	require.ErrorIs(t, got.err, context.DeadlineExceeded)
	require.Zero(t, got.v)
	require.False(t, f.Done(), "waiting must not change the future")
	require.False(t, f.Cancelled())
}

// requireWaitsForever checks that wait blocks until the future is completed
// from another goroutine, however long that takes.
func requireWaitsForever(t *testing.T, wait func(*future.Future[int]) outcome) {
	t.Helper()
	f := future.New[int]()
	got := make(chan outcome, 1)
	go func() { got <- wait(f) }()
	select {
	case o := <-got:
		t.Fatalf("returned %+v before the future was done", o)
	case <-time.After(short):
	}
	require.NoError(t, f.SetResult(7))
	select {
	case o := <-got:
		require.NoError(t, o.err)
	case <-time.After(long):
		t.Fatal("still waiting after the future was done")
	}
}

func TestAwait(t *testing.T) {
	t.Run("returns ctx.Err() when ctx is cancelled first", func(t *testing.T) {
		f := future.New[int]()
		ctx, cancel := context.WithCancel(context.Background())
		go cancel()
		_, err := f.Await(ctx)
		require.Equal(t, context.Canceled, err)
		require.False(t, f.Done(), "ending ctx must not cancel the future")
	})
	t.Run("a done future wins over an ended ctx", func(t *testing.T) {
		f := future.New[int]()
		require.NoError(t, f.SetResult(9))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		v, err := f.Await(ctx)
		require.NoError(t, err)
		require.Equal(t, 9, v)
	})
	t.Run("completed from another goroutine", func(t *testing.T) {
		f := future.New[int]()
		go func() { _ = f.SetResult(11) }()
		ctx, cancel := context.WithTimeout(context.Background(), long)
		defer cancel()
		v, err := f.Await(ctx)
		require.NoError(t, err)
		require.Equal(t, 11, v)
	})
}

func TestDoneChan(t *testing.T) {
	for name, complete := range completions {
		t.Run(name, func(t *testing.T) {
			f := future.New[int]()
			before := []<-chan struct{}{f.DoneChan(), f.DoneChan()}
			for _, ch := range before {
				require.False(t, isClosed(ch), "closed while pending")
			}
			require.True(t, name == "Cancel" || f.SetRunning())
			require.False(t, isClosed(f.DoneChan()), "closed while running")
			complete(f)
			for _, ch := range append(before, f.DoneChan()) {
				require.True(t, isClosed(ch), "not closed once done")
			}
		})
	}
	t.Run("closed only once the outcome is readable", func(t *testing.T) {
		f := future.New[int]()
		ch := f.DoneChan()
		seen := make(chan outcome, 1)
		go func() {
			<-ch
			v, err := f.Result(short) // must not wait: done already
			seen <- outcome{v, err}
		}()
		require.NoError(t, f.SetResult(3))
		select {
		case o := <-seen:
			require.Equal(t, outcome{3, nil}, o)
		case <-time.After(long):
			t.Fatal("DoneChan never closed")
		}
	})
	t.Run("cancelled while pending closes at once", func(t *testing.T) {
		f := future.New[int]()
		ch := f.DoneChan()
		go f.Cancel()
		requireClosedSoon(t, ch)
		require.True(t, f.Cancelled())
	})
}
