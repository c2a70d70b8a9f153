package executortest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

var cancelTests = map[string]func(*testing.T, Factory){
	"pending: cancel succeeds and the call never runs": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		release := occupy(t, e)
		m := marks(t, 3, 0)
		fs := make([]*future.Future[string], len(m))
		for i := range m {
			fs[i] = submit(t, e, Touch, m[i])
		}
		require.True(t, fs[1].Cancel())
		require.True(t, fs[1].Cancel(), "cancelling twice still reports cancelled")
		require.True(t, fs[1].Cancelled())
		require.True(t, fs[1].Done(), "a cancelled pending future is done at once")
		select {
		case <-fs[1].DoneChan():
		default:
			t.Fatal("DoneChan of a cancelled future is not closed")
		}
		release()
		for _, i := range []int{0, 2} {
			require.NoError(t, fs[i].Err(patience))
		}
		_, err := fs[1].Result(patience)
		require.ErrorIs(t, err, future.ErrCancelled)
		require.False(t, ran(m[1]), "a cancelled call ran")
		require.True(t, ran(m[0]) && ran(m[2]))
	},
	"running: cancel fails": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		ctx, stop := context.WithCancel(context.Background())
		f, err := executor.SubmitContext(ctx, e, Block, struct{}{})
		require.NoError(t, err)
		waitRunning(t, f)
		require.False(t, f.Cancel())
		require.False(t, f.Cancelled())
		stop()
		require.Error(t, f.Err(patience))
	},
	"done: cancel fails": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		f := submit(t, e, Double, 2)
		require.NoError(t, f.Err(patience))
		require.False(t, f.Cancel())
		v, err := f.Result(0)
		require.NoError(t, err)
		require.Equal(t, 4, v)
	},
	"context ended before start: cancelled, never runs": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		release := occupy(t, e)
		m := marks(t, 1, 0)
		ctx, cancel := context.WithCancel(context.Background())
		f, err := executor.SubmitContext(ctx, e, Touch, m[0])
		require.NoError(t, err)
		cancel() // the future is cancelled by a context.AfterFunc, so soon but not at once
		require.Eventually(t, f.Cancelled, patience, time.Millisecond)
		release()
		require.NoError(t, submit(t, e, Double, 1).Err(patience)) // the queue has drained
		require.False(t, ran(m[0]))

		f, err = executor.SubmitContext(ctx, e, Touch, m[0])
		require.NoError(t, err, "an ended context gives a cancelled future, not an error")
		require.True(t, f.Cancelled())
	},
	"context ended while running: the task sees it": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		ctx, cancel := context.WithTimeout(context.Background(), patience)
		defer cancel()
		f, err := executor.SubmitContext(ctx, e, Sleep, time.Hour)
		require.NoError(t, err)
		waitRunning(t, f)
		cancel()
		_, err = f.Result(patience)
		require.Error(t, err)
		require.Equal(t, context.Canceled.Error(), err.Error())
	},
}
