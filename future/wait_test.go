package future_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/future"
)

// futures returns n pending futures.
func futures(n int) []*future.Future[int] {
	fs := make([]*future.Future[int], n)
	for i := range fs {
		fs[i] = future.New[int]()
	}
	return fs
}

// split is the result of a Wait.
type split[F any] struct{ done, notDone []F }

// waitAsync runs Wait in a new goroutine and returns where its split arrives.
func waitAsync[F future.Awaitable](fs []F, timeout time.Duration, when future.ReturnWhen) <-chan split[F] {
	ch := make(chan split[F], 1)
	go func() {
		done, notDone := future.Wait(fs, timeout, when)
		ch <- split[F]{done, notDone}
	}()
	return ch
}

// receive returns the split, failing if Wait has not returned within long.
func receive[F any](t *testing.T, ch <-chan split[F]) split[F] {
	t.Helper()
	select {
	case s := <-ch:
		return s
	case <-time.After(long):
		t.Fatalf("Wait did not return within %v", long)
		panic("unreachable")
	}
}

// requireBlocked fails if Wait returns within short, while it must not.
func requireBlocked[F any](t *testing.T, ch <-chan split[F]) {
	t.Helper()
	select {
	case s := <-ch:
		t.Fatalf("Wait returned early: %d done, %d not done", len(s.done), len(s.notDone))
	case <-time.After(short):
	}
}

func TestWait(t *testing.T) {
	t.Run("FirstCompleted returns on the first completion", func(t *testing.T) {
		fs := futures(3)
		ch := waitAsync(fs, 0, future.FirstCompleted)
		requireBlocked(t, ch)
		require.NoError(t, fs[1].SetResult(1))
		s := receive(t, ch)
		require.Equal(t, fs[1:2], s.done)
		require.Equal(t, []*future.Future[int]{fs[0], fs[2]}, s.notDone)
	})
	t.Run("FirstCompleted counts a cancelled future", func(t *testing.T) {
		fs := futures(2)
		ch := waitAsync(fs, 0, future.FirstCompleted)
		require.True(t, fs[0].Cancel())
		s := receive(t, ch)
		require.Equal(t, fs[:1], s.done)
	})
	t.Run("FirstException ignores successes and cancellations", func(t *testing.T) {
		fs := futures(4)
		require.NoError(t, fs[0].SetResult(1))
		require.True(t, fs[1].Cancel())
		ch := waitAsync(fs, 0, future.FirstException)
		requireBlocked(t, ch)
		require.NoError(t, fs[2].SetErr(errBoom))
		s := receive(t, ch)
		require.Equal(t, fs[:3], s.done)
		require.Equal(t, fs[3:], s.notDone)
	})
	t.Run("FirstException returns at once on an earlier failure", func(t *testing.T) {
		fs := futures(3)
		require.NoError(t, fs[2].SetErr(errBoom))
		s := receive(t, waitAsync(fs, 0, future.FirstException))
		require.Equal(t, fs[2:], s.done)
		require.Equal(t, fs[:2], s.notDone)
	})
	t.Run("FirstException without a failure waits for all", func(t *testing.T) {
		fs := futures(3)
		ch := waitAsync(fs, 0, future.FirstException)
		require.NoError(t, fs[0].SetResult(1))
		require.True(t, fs[1].Cancel())
		requireBlocked(t, ch)
		require.NoError(t, fs[2].SetResult(1))
		s := receive(t, ch)
		require.Equal(t, fs, s.done)
		require.Empty(t, s.notDone)
	})
	t.Run("AllCompleted waits for every future", func(t *testing.T) {
		fs := futures(3)
		ch := waitAsync(fs, 0, future.AllCompleted)
		require.NoError(t, fs[2].SetResult(1))
		require.NoError(t, fs[0].SetErr(errBoom))
		requireBlocked(t, ch)
		require.True(t, fs[1].Cancel())
		s := receive(t, ch)
		require.Equal(t, fs, s.done)
		require.Empty(t, s.notDone)
	})
	t.Run("an unknown ReturnWhen acts as AllCompleted", func(t *testing.T) {
		fs := futures(2)
		ch := waitAsync(fs, 0, future.ReturnWhen(99))
		require.NoError(t, fs[0].SetErr(errBoom))
		requireBlocked(t, ch)
		require.NoError(t, fs[1].SetResult(1))
		require.Equal(t, fs, receive(t, ch).done)
	})
}

func TestWaitTimeout(t *testing.T) {
	for _, when := range []future.ReturnWhen{future.FirstCompleted, future.FirstException, future.AllCompleted} {
		t.Run(when.String()+" returns the partial split", func(t *testing.T) {
			fs := futures(4)
			require.True(t, fs[1].Cancel())
			if when != future.FirstCompleted {
				require.NoError(t, fs[3].SetResult(1))
			}
			start := time.Now()
			done, notDone := future.Wait(fs, short, when)
			if when == future.FirstCompleted {
				require.Equal(t, fs[1:2], done, "returns at once")
				return
			}
			require.GreaterOrEqual(t, time.Since(start), short)
			require.Equal(t, []*future.Future[int]{fs[1], fs[3]}, done)
			require.Equal(t, []*future.Future[int]{fs[0], fs[2]}, notDone)
		})
	}
	t.Run("FirstCompleted with nothing done", func(t *testing.T) {
		fs := futures(2)
		start := time.Now()
		done, notDone := future.Wait(fs, short, future.FirstCompleted)
		require.GreaterOrEqual(t, time.Since(start), short)
		require.Empty(t, done)
		require.Equal(t, fs, notDone)
	})
	t.Run("negative timeout waits for completion", func(t *testing.T) {
		fs := futures(1)
		ch := waitAsync(fs, -time.Second, future.AllCompleted)
		requireBlocked(t, ch)
		require.NoError(t, fs[0].SetResult(1))
		require.Equal(t, fs, receive(t, ch).done)
	})
}

func TestWaitInputs(t *testing.T) {
	t.Run("duplicates are ignored", func(t *testing.T) {
		fs := futures(3)
		require.NoError(t, fs[2].SetResult(1))
		in := []*future.Future[int]{fs[1], fs[2], fs[1], fs[0], fs[2], fs[0]}
		done, notDone := future.Wait(in, short, future.AllCompleted)
		require.Equal(t, fs[2:], done)
		require.Equal(t, []*future.Future[int]{fs[1], fs[0]}, notDone)
	})
	t.Run("duplicates of one future complete together", func(t *testing.T) {
		f := future.New[int]()
		ch := waitAsync([]*future.Future[int]{f, f, f}, 0, future.AllCompleted)
		require.NoError(t, f.SetResult(1))
		s := receive(t, ch)
		require.Equal(t, []*future.Future[int]{f}, s.done)
		require.Empty(t, s.notDone)
	})
	t.Run("already done futures return at once", func(t *testing.T) {
		fs := futures(3)
		require.NoError(t, fs[0].SetResult(1))
		require.NoError(t, fs[1].SetErr(errBoom))
		require.True(t, fs[2].Cancel())
		for _, when := range []future.ReturnWhen{future.FirstCompleted, future.FirstException, future.AllCompleted} {
			s := receive(t, waitAsync(fs, 0, when))
			require.Equal(t, fs, s.done, when.String())
			require.Empty(t, s.notDone)
		}
	})
	t.Run("an empty slice returns at once", func(t *testing.T) {
		s := receive(t, waitAsync([]*future.Future[int]{}, 0, future.AllCompleted))
		require.Empty(t, s.done)
		require.Empty(t, s.notDone)
		s = receive(t, waitAsync[*future.Future[int]](nil, 0, future.FirstCompleted))
		require.Empty(t, s.done)
	})
	t.Run("futures of mixed types", func(t *testing.T) {
		a, b, c := future.New[int](), future.New[string](), future.New[point]()
		fs := []future.Awaitable{a, b, c}
		ch := waitAsync(fs, 0, future.FirstException)
		require.NoError(t, a.SetResult(1))
		require.NoError(t, b.SetErr(errBoom))
		s := receive(t, ch)
		require.Equal(t, []future.Awaitable{a, b}, s.done)
		require.Equal(t, []future.Awaitable{c}, s.notDone)
	})
	t.Run("leaves no waiter behind", func(t *testing.T) {
		fs := futures(2)
		future.Wait(fs, short, future.AllCompleted)
		require.NoError(t, fs[0].SetResult(1))
		future.Wait(fs, 0, future.FirstCompleted)
		require.Zero(t, future.WaiterCount(fs[0]))
		require.Zero(t, future.WaiterCount(fs[1]))
	})
}

func TestReturnWhenString(t *testing.T) {
	require.Equal(t, "FirstCompleted", future.FirstCompleted.String())
	require.Equal(t, "FirstException", future.FirstException.String())
	require.Equal(t, "AllCompleted", future.AllCompleted.String())
	require.Equal(t, "ReturnWhen(invalid)", future.ReturnWhen(7).String())
}
