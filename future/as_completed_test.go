package future_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gocurrent/futures/future"
)

// collect runs AsCompleted to its end in a new goroutine and returns the
// futures it yielded and the error of its last pair, if any; it fails if
// the iteration does not end within long.
func collect[F future.Awaitable](t *testing.T, fs []F, timeout time.Duration) ([]F, error) {
	t.Helper()
	var got []F
	var last error
	within(t, "AsCompleted", func() {
		for f, err := range future.AsCompleted(fs, timeout) {
			if err != nil {
				last = err
				continue // must be the last pair: checked by the caller
			}
			got = append(got, f)
		}
	})
	return got, last
}

func TestAsCompleted(t *testing.T) {
	t.Run("done ones first in input order, then in completion order", func(t *testing.T) {
		fs := futures(5)
		require.True(t, fs[3].Cancel())
		require.NoError(t, fs[1].SetResult(1))
		// Complete the pending ones in the order 4, 0, 2, each from within
		// the loop, so that the iteration is surely watching them.
		next := []*future.Future[int]{fs[4], fs[0], fs[2]}
		var got []*future.Future[int]
		within(t, "AsCompleted", func() {
			for f, err := range future.AsCompleted(fs, long) {
				if err != nil {
					break
				}
				got = append(got, f)
				if len(got) >= 2 && len(next) > 0 {
					_ = next[0].SetResult(1)
					next = next[1:]
				}
			}
		})
		require.Equal(t, []*future.Future[int]{fs[1], fs[3], fs[4], fs[0], fs[2]}, got)
	})
	t.Run("duplicates are yielded once", func(t *testing.T) {
		fs := futures(3)
		require.NoError(t, fs[1].SetResult(1))
		go func() {
			_ = fs[2].SetErr(errBoom)
			fs[0].Cancel()
		}()
		got, err := collect(t, []*future.Future[int]{fs[1], fs[2], fs[1], fs[0], fs[2]}, 0)
		require.NoError(t, err)
		require.ElementsMatch(t, fs, got)
	})
	t.Run("cancelled while pending is yielded at once", func(t *testing.T) {
		fs := futures(2)
		go fs[0].Cancel()
		for f, err := range future.AsCompleted(fs, long) {
			require.NoError(t, err)
			require.Same(t, fs[0], f)
			break
		}
	})
	t.Run("an empty slice yields nothing", func(t *testing.T) {
		got, err := collect(t, []*future.Future[int]{}, 0)
		require.NoError(t, err)
		require.Empty(t, got)
	})
	t.Run("futures of mixed types", func(t *testing.T) {
		a, b := future.New[int](), future.New[string]()
		go func() {
			_ = b.SetResult("b")
			_ = a.SetResult(1)
		}()
		got, err := collect(t, []future.Awaitable{a, b}, 0)
		require.NoError(t, err)
		require.ElementsMatch(t, []future.Awaitable{a, b}, got)
	})
}

func TestAsCompletedTimeout(t *testing.T) {
	t.Run("yields the done ones, then the error, then stops", func(t *testing.T) {
		fs := futures(3)
		require.NoError(t, fs[2].SetResult(1))
		type pair struct {
			f   *future.Future[int]
			err error
		}
		var pairs []pair
		start := time.Now()
		for f, err := range future.AsCompleted([]*future.Future[int]{fs[0], fs[1], fs[2], fs[0]}, short) {
			pairs = append(pairs, pair{f, err})
		}
		require.GreaterOrEqual(t, time.Since(start), short)
		require.Len(t, pairs, 2)
		require.Equal(t, pair{fs[2], nil}, pairs[0])
		require.Nil(t, pairs[1].f)
		err := pairs[1].err
		require.ErrorIs(t, err, future.ErrTimeout)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Contains(t, err.Error(), "2 (of 3) futures unfinished")
	})
	t.Run("the timeout counts from the start of the iteration", func(t *testing.T) {
		fs := futures(2)
		seq := future.AsCompleted(fs, short)
		time.Sleep(2 * short) // not a race: the timer must not have started yet
		require.NoError(t, fs[0].SetResult(1))
		var n int
		start := time.Now()
		for f, err := range seq {
			n++
			if n == 1 {
				require.NoError(t, err)
				require.Same(t, fs[0], f)
			} else {
				require.ErrorIs(t, err, future.ErrTimeout)
				require.Contains(t, err.Error(), "1 (of 2) futures unfinished")
			}
		}
		require.Equal(t, 2, n)
		require.GreaterOrEqual(t, time.Since(start), short)
	})
	t.Run("zero timeout waits for completion", func(t *testing.T) {
		fs := futures(2)
		go func() {
			// Complete them once the iteration watches both, so that they
			// arrive in completion order.
			for future.WaiterCount(fs[0]) == 0 || future.WaiterCount(fs[1]) == 0 {
				time.Sleep(time.Millisecond)
			}
			_ = fs[1].SetResult(1)
			_ = fs[0].SetResult(1)
		}()
		got, err := collect(t, fs, 0)
		require.NoError(t, err)
		require.Equal(t, []*future.Future[int]{fs[1], fs[0]}, got)
	})
}

func TestAsCompletedBreak(t *testing.T) {
	defer goleak.VerifyNone(t)
	fs := futures(4)
	require.NoError(t, fs[3].SetResult(1))
	for f, err := range future.AsCompleted(fs, 0) {
		require.NoError(t, err)
		require.Same(t, fs[3], f)
		for _, p := range fs[:3] {
			require.Equal(t, 1, future.WaiterCount(p), "watched while iterating")
		}
		break
	}
	for _, p := range fs[:3] {
		require.Zero(t, future.WaiterCount(p), "waiter left behind")
	}
	// Completing them now must neither block nor reach the finished loop.
	for _, p := range fs[:3] {
		within(t, "SetResult", func() { _ = p.SetResult(1) })
	}
}

func TestAsCompletedConcurrent(t *testing.T) {
	const n = 200
	fs := futures(n)
	var wg sync.WaitGroup
	for i, f := range fs {
		wg.Go(func() {
			if i%3 == 0 {
				f.Cancel()
			} else {
				_ = f.SetResult(i)
			}
		})
	}
	seen := map[*future.Future[int]]int{}
	for f, err := range future.AsCompleted(append(fs, fs...), long) {
		require.NoError(t, err)
		seen[f]++
	}
	wg.Wait()
	require.Len(t, seen, n)
	for _, c := range seen {
		require.Equal(t, 1, c)
	}
}

// Futures already done are yielded before a timeout or an ended ctx is
// reported, even when both are ready at the same moment (as Python yields
// the finished futures before it waits at all).
func TestAsCompletedDoneBeforeTimeout(t *testing.T) {
	t.Run("ctx ended before the iteration", func(t *testing.T) {
		for range 100 { // a random choice between the two would fail here
			fs := futures(3)
			require.NoError(t, fs[0].SetResult(1))
			require.True(t, fs[2].Cancel())
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var got []*future.Future[int]
			var last error
			for f, err := range future.AsCompletedContext(ctx, fs) {
				if err != nil {
					last = err
					continue
				}
				got = append(got, f)
			}
			require.Equal(t, []*future.Future[int]{fs[0], fs[2]}, got)
			require.ErrorIs(t, last, context.Canceled)
			require.Contains(t, last.Error(), "1 (of 3) futures unfinished")
		}
	})
	t.Run("timeout passed while the loop body ran", func(t *testing.T) {
		for range 10 {
			fs := futures(3)
			require.NoError(t, fs[0].SetResult(1))
			require.NoError(t, fs[1].SetResult(1))
			var got []*future.Future[int]
			var last error
			for f, err := range future.AsCompleted(fs, short) {
				if err != nil {
					last = err
					continue
				}
				got = append(got, f)
				time.Sleep(2 * short) // the deadline surely passes here
			}
			require.Equal(t, fs[:2], got)
			require.ErrorIs(t, last, future.ErrTimeout)
			require.Contains(t, last.Error(), "1 (of 3) futures unfinished")
		}
	})
}
