package executor_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

// redeliver is an executor that resolves every call of a task twice, as one
// that redelivers does: it starts, finishes, then starts, finishes and fails
// the call again with other outcomes, and finally cancels the task. Only
// the first outcome of each call may count.
type redeliver struct {
	wg        sync.WaitGroup
	restarted atomic.Int32 // Start calls that returned true for a resolved call
}

var errLate = errors.New("a second resolution")

func (r *redeliver) Execute(t executor.Task) error {
	tt := t.(executor.TypedTask[int, int])
	fn := tt.Func().(func(context.Context, int) (int, error))
	r.wg.Go(func() {
		for i := range tt.Len() {
			if !tt.Start(i) {
				continue
			}
			v, err := executor.Invoke(tt.Context(), fn, tt.Arg(i))
			tt.Finish(i, v, err)
			if tt.Start(i) {
				r.restarted.Add(1)
			}
			tt.Finish(i, -1, nil)
			tt.Finish(i, 0, errLate)
			tt.Fail(i, errLate)
		}
		tt.Cancel()
		tt.Run() // a task driven call by call is never run as well
	})
	return nil
}

func (r *redeliver) Shutdown(bool, ...executor.ShutdownOption) error {
	r.wg.Wait()
	return nil
}

func TestResolutionIsFirstWins(t *testing.T) {
	t.Run("Map chunks", func(t *testing.T) {
		r := &redeliver{}
		defer r.Shutdown(true)
		args := make([]int, 100)
		for i := range args {
			args[i] = i
		}
		got, err := executor.MapAll(r, double, args, executor.WithChunkSize(7))
		require.NoError(t, err)
		for i, v := range got {
			require.Equal(t, 2*i, v)
		}
		i := 0
		for v, err := range executor.Map(r, double, args, executor.WithChunkSize(3)) {
			require.NoError(t, err)
			require.Equal(t, 2*i, v)
			i++
		}
		require.Equal(t, len(args), i)
		require.NoError(t, r.Shutdown(true))
		require.Zero(t, r.restarted.Load(), "Start returned true for calls already resolved")
	})
	t.Run("Submit", func(t *testing.T) {
		r := &redeliver{}
		defer r.Shutdown(true)
		f, err := executor.Submit(r, double, 21)
		require.NoError(t, err)
		v, err := f.Result(patience)
		require.NoError(t, err)
		require.Equal(t, 42, v)
		require.NoError(t, r.Shutdown(true))
		require.Zero(t, r.restarted.Load(), "Start returned true for a call already resolved")
	})
	t.Run("Fail after Finish", func(t *testing.T) {
		var task executor.TypedTask[int, int]
		capture := executorFunc(func(t executor.Task) error {
			task = t.(executor.TypedTask[int, int])
			return nil
		})
		f := executor.MapAsync(capture, double, []int{1, 2}, executor.WithChunkSize(2))
		require.True(t, task.Start(0))
		task.Finish(0, 2, nil)
		task.Fail(0, errLate) // must not count as the second call's outcome
		require.False(t, f.Done(), "one call's two outcomes finished a chunk of two")
		require.True(t, task.Start(1))
		task.Finish(1, 4, nil)
		got, err := f.Result(patience)
		require.NoError(t, err)
		require.Equal(t, []int{2, 4}, got)
	})
	t.Run("Cancel spares started calls", func(t *testing.T) {
		var task executor.TypedTask[int, int]
		capture := executorFunc(func(t executor.Task) error {
			task = t.(executor.TypedTask[int, int])
			return nil
		})
		f := executor.MapAsync(capture, double, []int{1, 2}, executor.WithChunkSize(2))
		require.True(t, task.Start(0))
		task.Cancel()
		require.False(t, f.Done())
		task.Finish(0, 2, nil)
		_, err := f.Result(patience)
		var me *executor.MapError
		require.ErrorAs(t, err, &me)
		require.Equal(t, 1, me.Index, "the started call kept its outcome")
		require.ErrorIs(t, err, future.ErrCancelled)
	})
}

// executorFunc is an Executor made of a function; Shutdown does nothing.
type executorFunc func(executor.Task) error

func (f executorFunc) Execute(t executor.Task) error                 { return f(t) }
func (executorFunc) Shutdown(bool, ...executor.ShutdownOption) error { return nil }

func TestMapWithEndedContextRunsNothing(t *testing.T) {
	pool := threadpool.New(threadpool.WithMaxWorkers(2))
	defer pool.Shutdown(true)
	executor.MapAll(pool, double, []int{1, 2, 3, 4}, executor.WithChunkSize(1)) // warm idle workers
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int32
	count := func(_ context.Context, x int) (int, error) { ran.Add(1); return x, nil }
	args := make([]int, 5000)
	for _, err := range executor.Map(pool, count, args, executor.WithChunkSize(1), executor.WithContext(ctx)) {
		require.ErrorIs(t, err, context.Canceled)
	}
	_, err := executor.MapAll(pool, count, args, executor.WithChunkSize(1), executor.WithContext(ctx))
	require.ErrorIs(t, err, context.Canceled)
	require.NoError(t, pool.Shutdown(true))
	require.Zero(t, ran.Load(), "calls ran after the map's context had ended")
}

func TestSubmitContextReleasesCancelledCalls(t *testing.T) {
	pool := threadpool.New(threadpool.WithMaxWorkers(1))
	defer pool.Shutdown(true)
	gate := make(chan struct{})
	block := func(context.Context, int) (int, error) { <-gate; return 0, nil }
	_, err := executor.Submit(pool, block, 0)
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background()) // long-lived
	defer cancel()
	type big struct{ buf [1 << 10]byte }
	keep := func(_ context.Context, b *big) (int, error) { return int(b.buf[0]), nil }
	var refs []weak.Pointer[big]
	for range 1000 {
		b := &big{}
		refs = append(refs, weak.Make(b))
		f, err := executor.SubmitContext(ctx, pool, keep, b)
		require.NoError(t, err)
		require.True(t, f.Cancel())
	}
	close(gate)
	require.NoError(t, pool.Shutdown(true)) // the queue is drained and forgotten
	require.Eventually(t, func() bool {
		runtime.GC()
		for _, r := range refs {
			if r.Value() != nil {
				return false
			}
		}
		return true
	}, patience, 10*time.Millisecond, "cancelled calls are still held by the context")
	runtime.KeepAlive(ctx)
}
