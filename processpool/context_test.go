package processpool_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

func TestSubmitContext(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	t.Run("cancel reaches the task in its worker", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		f, err := executor.SubmitContext(ctx, p, waitCtx, time.Minute)
		require.NoError(t, err)
		require.Eventually(t, f.Running, 10*time.Second, time.Millisecond)
		cancel()
		_, err = f.Result(10 * time.Second)
		require.ErrorIs(t, err, context.Canceled)
		var re *processpool.RemoteError
		require.ErrorAs(t, err, &re, "the task returned it, in the worker")
	})
	t.Run("cancel reaches a task that comes after others back to back", func(t *testing.T) {
		// The calls before it are sent ahead and keep the worker's reader
		// busy for 15 ms, each for less than the hand-over delay, so that
		// the watchdog that hands reading over has to look again and
		// again, not for this call alone.
		fs := make([]*future.Future[int], 100)
		for i := range fs {
			var err error
			fs[i], err = executor.Submit(p, spin, 150*time.Microsecond)
			require.NoError(t, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		f, err := executor.SubmitContext(ctx, p, waitCtx, time.Minute)
		require.NoError(t, err)
		for _, d := range fs {
			_, err := d.Result(10 * time.Second)
			require.NoError(t, err)
		}
		require.Eventually(t, f.Running, 10*time.Second, time.Millisecond)
		cancel()
		_, err = f.Result(10 * time.Second)
		require.ErrorIs(t, err, context.Canceled)
	})
	t.Run("the deadline reaches the task in its worker", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		f, err := executor.SubmitContext(ctx, p, waitCtx, time.Minute)
		require.NoError(t, err)
		require.Eventually(t, f.Running, 10*time.Second, time.Millisecond)
		_, err = f.Result(10 * time.Second)
		require.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

func TestCancelGrace(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1), processpool.WithCancelGrace(200*time.Millisecond))
	before, err := executor.Apply(p, pid, 0)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	f, err := executor.SubmitContext(ctx, p, ignoreCtx, time.Minute)
	require.NoError(t, err)
	require.Eventually(t, f.Running, 10*time.Second, time.Millisecond)
	cancel()
	_, err = f.Result(10 * time.Second)
	require.ErrorIs(t, err, processpool.ErrWorkerExited)
	require.ErrorIs(t, err, context.Canceled)
	var ee *processpool.ExitError
	require.ErrorAs(t, err, &ee)
	require.Equal(t, before, ee.PID)
	require.Equal(t, "signal: killed", ee.Status)
	require.Contains(t, err.Error(), "went on 200ms after its context ended")
	after, err := executor.Apply(p, pid, 0)
	require.NoError(t, err, "a new worker replaces the killed one")
	require.NotEqual(t, before, after)
}

// TestPendingNeverRuns checks that tasks waiting for a worker are pending:
// Cancel succeeds on them and they never run.
func TestPendingNeverRuns(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	busy, err := executor.Submit(p, sleep, 300*time.Millisecond)
	require.NoError(t, err)
	require.Eventually(t, busy.Running, 10*time.Second, time.Millisecond)
	marker := filepath.Join(t.TempDir(), "ran")
	f, err := executor.Submit(p, mustNotRun, marker)
	require.NoError(t, err)
	require.False(t, f.Running())
	require.True(t, f.Cancel())
	ctx, cancel := context.WithCancel(context.Background())
	g, err := executor.SubmitContext(ctx, p, mustNotRun, marker)
	require.NoError(t, err)
	cancel()
	require.Eventually(t, g.Cancelled, 10*time.Second, time.Millisecond)
	_, err = busy.Result(10 * time.Second)
	require.NoError(t, err)
	_, err = executor.Apply(p, double, 1) // the worker is past the cancelled tasks
	require.NoError(t, err)
	_, err = f.Result(0)
	require.ErrorIs(t, err, future.ErrCancelled)
	require.NoFileExists(t, marker)

	t.Run("leaving a Map early cancels the chunks not started", func(t *testing.T) {
		args := make([]time.Duration, 20)
		for i := range args {
			args[i] = 20 * time.Millisecond
		}
		n := 0
		for _, err := range executor.Map(p, sleep, args, executor.WithChunkSize(1)) {
			require.NoError(t, err)
			if n++; n == 2 {
				break
			}
		}
		start := time.Now()
		_, err := executor.Apply(p, double, 1)
		require.NoError(t, err)
		require.Less(t, time.Since(start), 300*time.Millisecond, "the rest of the map did not run")
	})
	_ = os.Remove(marker)
}
