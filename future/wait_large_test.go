package future_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/future"
)

// A timeout bounds the whole Wait, registering its waiters included: over
// many futures, Wait returns about when the timeout ends, not after
// visiting every future twice. The bound is relative to a Wait over as
// many futures that are all done, which does the unavoidable passes over
// the slice (duplicates, the split) and registers nothing, measured in the
// same run because machines differ.
func TestWaitTimeoutBoundsRegistration(t *testing.T) {
	if testing.Short() {
		t.Skip("makes half a million futures")
	}
	const n, timeout = 500_000, 20 * time.Millisecond
	pending, done := futures(n), futures(n)
	for _, f := range done {
		require.NoError(t, f.SetResult(1))
	}
	fastest := func(fs []*future.Future[int], timeout time.Duration) time.Duration {
		best := time.Hour
		for range 3 {
			start := time.Now()
			future.Wait(fs, timeout, future.AllCompleted)
			best = min(best, time.Since(start))
		}
		return best
	}
	passes := fastest(done, 0)
	took := fastest(pending, timeout)
	t.Logf("timed-out Wait over %d futures: %v; the passes alone: %v", n, took, passes)
	require.Less(t, took, timeout+2*passes+50*time.Millisecond,
		"Wait overshot its timeout by far more than its passes over the slice")

	for v, err := range future.AsCompleted(pending, timeout) {
		require.Nil(t, v)
		require.ErrorIs(t, err, future.ErrTimeout)
		require.Contains(t, err.Error(), "500000 (of 500000) futures unfinished")
	}
}

// Futures watched by a large Wait that timed out still complete, run their
// callbacks and can be waited on again; the waiters left behind are
// dropped when the future is watched again.
func TestFuturesAfterALargeTimedOutWait(t *testing.T) {
	fs := futures(5000)
	for range 3 {
		done, notDone := future.Wait(fs, time.Millisecond, future.AllCompleted)
		require.Empty(t, done)
		require.Len(t, notDone, len(fs))
	}
	require.LessOrEqual(t, future.WaiterCount(fs[0]), 1, "stale waiters pile up on a future")
	for i, f := range fs {
		require.NoError(t, f.SetResult(i))
	}
	done, notDone := future.Wait(fs, 10*time.Second, future.AllCompleted)
	require.Len(t, done, len(fs))
	require.Empty(t, notDone)
}
