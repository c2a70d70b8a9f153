package executortest

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

var shutdownTests = map[string]func(*testing.T, Factory){
	"wait: queued and running work completes first": func(t *testing.T, newExec Factory) {
		e := newExec(t, 1)
		fs := make([]*future.Future[time.Duration], 5)
		for i := range fs {
			fs[i] = submit(t, e, Sleep, 20*time.Millisecond)
		}
		require.NoError(t, e.Shutdown(true))
		for _, f := range fs {
			require.True(t, f.Done(), "Shutdown(true) returned before %v", f)
			require.NoError(t, f.Err(0))
		}
	},
	"no wait: returns at once and the queue still completes": func(t *testing.T, newExec Factory) {
		e := newExec(t, 1)
		release := occupy(t, e)
		fs := []*future.Future[int]{submit(t, e, Double, 1), submit(t, e, Double, 2)}
		require.NoError(t, e.Shutdown(false)) // would hang here if it waited for the blocker
		_, err := executor.Submit(e, Double, 3)
		require.ErrorIs(t, err, executor.ErrShutdown)
		release()
		for i, f := range fs {
			v, err := f.Result(patience)
			require.NoError(t, err)
			require.Equal(t, 2*(i+1), v)
		}
		require.NoError(t, e.Shutdown(true))
	},
	"CancelPending cancels queued work, running work finishes": func(t *testing.T, newExec Factory) {
		e := newExec(t, 1)
		running := submit(t, e, Sleep, 200*time.Millisecond)
		waitRunning(t, running)
		m := marks(t, 4, 0)
		queued := make([]*future.Future[string], len(m))
		for i := range m {
			queued[i] = submit(t, e, Touch, m[i])
		}
		require.NoError(t, e.Shutdown(true, executor.CancelPending()))
		require.NoError(t, running.Err(0))
		for i, f := range queued {
			require.True(t, f.Cancelled(), "%v", f)
			require.False(t, ran(m[i]))
		}
	},
	"Submit after Shutdown fails with ErrShutdown": func(t *testing.T, newExec Factory) {
		e := newExec(t, 2)
		require.NoError(t, submit(t, e, Double, 1).Err(patience))
		require.NoError(t, e.Shutdown(true))
		f, err := executor.Submit(e, Double, 1)
		require.ErrorIs(t, err, executor.ErrShutdown)
		require.Nil(t, f)
	},
	"Shutdown again, also concurrently": func(t *testing.T, newExec Factory) {
		e := newExec(t, 2)
		f := submit(t, e, Sleep, 50*time.Millisecond)
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() { require.NoError(t, e.Shutdown(i%2 == 0)) })
		}
		wg.Wait()
		require.NoError(t, e.Shutdown(true))
		require.True(t, f.Done())
		require.NoError(t, e.Shutdown(true, executor.CancelPending()))
	},
	"Shutdown of an unused executor": func(t *testing.T, newExec Factory) {
		e := newExec(t, 4)
		require.NoError(t, e.Shutdown(true))
	},
}
