package executor_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

// reports records the calls of a WithProgress function.
type reports struct {
	mu    sync.Mutex
	done  []int
	total []int
}

func (r *reports) fn(done, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done = append(r.done, done)
	r.total = append(r.total, total)
}

func (r *reports) last() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.done[len(r.done)-1]
}

func upTo(n int) []int {
	s := make([]int, n+1)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestWithProgress(t *testing.T) {
	t.Run("item by item inside one chunk", func(t *testing.T) {
		p := threadpool.New(threadpool.WithMaxWorkers(1))
		defer p.Shutdown(true)
		var r reports
		var seen []int // the progress each call saw when it started
		fn := func(_ context.Context, i int) (int, error) {
			seen = append(seen, r.last())
			return i, nil
		}
		for range executor.Map(p, fn, make([]int, 100), executor.WithChunkSize(100), executor.WithProgress(r.fn)) {
		}
		require.Equal(t, upTo(100), r.done)
		require.Equal(t, upTo(99), seen)
		require.Equal(t, 100, r.total[0])
	})
	t.Run("hints from a remote executor", func(t *testing.T) {
		var r reports
		var hinted []int // the progress after each hint, before any outcome arrived
		e := &batchy{after: func() { hinted = append(hinted, r.last()) }}
		got, err := executor.MapAll(e, double, []int{1, 2, 3, 4}, executor.WithChunkSize(4), executor.WithProgress(r.fn))
		require.NoError(t, err)
		require.Equal(t, []int{2, 4, 6, 8}, got)
		require.Equal(t, upTo(4), r.done)
		require.Equal(t, []int{1, 2, 3, 4}, hinted)
	})
	t.Run("failures and cancellations count as done", func(t *testing.T) {
		p := threadpool.New(threadpool.WithMaxWorkers(2))
		defer p.Shutdown(true)
		var r reports
		fail := func(_ context.Context, i int) (int, error) {
			if i%2 == 0 {
				return 0, errors.New("even")
			}
			return i, nil
		}
		_, err := executor.MapAll(p, fail, upTo(49), executor.WithChunkSize(3), executor.WithProgress(r.fn))
		require.Error(t, err)
		require.Equal(t, 50, r.last())
		require.True(t, slices.IsSorted(r.done))
	})
	t.Run("MapSeq does not know the total", func(t *testing.T) {
		p := threadpool.New(threadpool.WithMaxWorkers(2))
		defer p.Shutdown(true)
		var r reports
		for range executor.MapSeq(p, double, slices.Values(upTo(9)), executor.WithProgress(r.fn)) {
		}
		require.Equal(t, 10, r.last())
		require.Equal(t, -1, r.total[0])
	})
	t.Run("AsCompletedProgress", func(t *testing.T) {
		p := threadpool.New(threadpool.WithMaxWorkers(2))
		defer p.Shutdown(true)
		var fs []*future.Future[int]
		for i := range 10 {
			f, err := executor.Submit(p, double, i)
			require.NoError(t, err)
			fs = append(fs, f)
		}
		var r reports
		for _, err := range future.AsCompletedProgress(fs, patience, r.fn) {
			require.NoError(t, err)
		}
		require.Equal(t, upTo(10), r.done)
	})
}

// batchy is an executor that runs a task's calls, reports them one by one
// with Progress, and only then resolves them all, as a process pool
// receives a chunk's results in one frame. after runs after each hint.
type batchy struct {
	after func()
}

func (b *batchy) Execute(t executor.Task) error {
	tt := t.(executor.TypedTask[int, int])
	fn := tt.Func().(func(context.Context, int) (int, error))
	pt := t.(executor.ProgressTask)
	vals := make([]int, tt.Len())
	for i := range tt.Len() {
		if !tt.Start(i) {
			return errors.New("batchy: a call was cancelled")
		}
		vals[i], _ = executor.Invoke(tt.Context(), fn, tt.Arg(i))
		pt.Progress(i + 1)
		b.after()
	}
	for i, v := range vals {
		tt.Finish(i, v, nil)
	}
	return nil
}

func (b *batchy) Shutdown(bool, ...executor.ShutdownOption) error { return nil }
