package executor_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/batch"
)

// holding is an executor that keeps the tasks it is given, for the test to
// drive.
type holding struct {
	mu    sync.Mutex
	tasks []executor.Task
}

func (h *holding) Execute(t executor.Task) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tasks = append(h.tasks, t)
	return nil
}

func (h *holding) Shutdown(bool, ...executor.ShutdownOption) error { return nil }

func (h *holding) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.tasks)
}

func (h *holding) chunks(n int) []batch.Task[int, int] {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.tasks) != n {
		panic("the map was not submitted in the chunks expected")
	}
	out := make([]batch.Task[int, int], n)
	for i, task := range h.tasks {
		out[i] = task.(batch.Task[int, int]) // a map's chunk implements batch.Task
	}
	return out
}

var errOdd = errors.New("odd")

// TestBatchCalls drives a map's chunks with StartCalls and FinishCalls, as
// the process pool does, and checks they mean what Start and Finish mean
// one call at a time.
func TestBatchCalls(t *testing.T) {
	args := []int{0, 1, 2, 3, 4, 5, 6, 7}

	t.Run("every call, with errors", func(t *testing.T) {
		h := &holding{}
		drove := make(chan struct{})
		go func() {
			defer close(drove)
			for deadline := time.Now().Add(30 * time.Second); h.count() < 2; runtime.Gosched() {
				if time.Now().After(deadline) {
					panic("the map's chunks never came")
				}
			}
			for _, c := range h.chunks(2) {
				if c.StartCalls(nil) != nil {
					t.Error("not every call started")
				}
				in := c.Args()
				vals, errs := make([]int, len(in)), make([]error, len(in))
				for k, a := range in {
					vals[k] = 2 * a
					if a%2 == 1 {
						errs[k] = errOdd
					}
				}
				c.FinishCalls(nil, vals, errs)
				// A second resolution does not count.
				c.FinishCalls(nil, make([]int, len(in)), nil)
			}
		}()
		out, err := executor.MapAll(h, double, args, executor.WithChunkSize(4))
		<-drove
		var me *executor.MapError
		require.ErrorAs(t, err, &me)
		require.Equal(t, 4, me.Failed)
		require.Equal(t, 1, me.Index)
		require.ErrorIs(t, me.Err, errOdd)
		require.Equal(t, []int{0, 0, 4, 0, 8, 0, 12, 0}, out)
	})

	t.Run("some calls started one by one", func(t *testing.T) {
		h := &holding{}
		fut := executor.MapAsync(h, double, args, executor.WithChunkSize(8))
		c := h.chunks(1)[0]
		tt := any(c).(executor.TypedTask[int, int])
		require.True(t, tt.Start(2))
		tt.Finish(2, 4, nil)
		require.True(t, tt.Start(5))
		started := c.StartCalls(nil)
		require.Equal(t, []int{0, 1, 3, 4, 6, 7}, started)
		require.Equal(t, []int{}, c.StartCalls([]int{0, 2, 5}), "nothing starts twice")
		tt.Finish(5, 10, nil)
		vals := make([]int, len(started))
		for k, i := range started {
			vals[k] = 2 * args[i]
		}
		c.FinishCalls(started, vals, nil)
		out, err := fut.Result(0)
		require.NoError(t, err)
		require.Equal(t, []int{0, 2, 4, 6, 8, 10, 12, 14}, out)
	})

	t.Run("after the map's context ended", func(t *testing.T) {
		h := &holding{}
		ctx, cancel := context.WithCancel(context.Background())
		fut := executor.MapAsync(h, double, args, executor.WithChunkSize(8), executor.WithContext(ctx))
		c := h.chunks(1)[0]
		tt := any(c).(executor.TypedTask[int, int])
		require.True(t, tt.Start(0))
		cancel()
		require.Equal(t, []int{}, c.StartCalls(nil), "no call starts once the map stopped")
		tt.Finish(0, 0, nil)
		_, err := fut.Result(0)
		var me *executor.MapError
		require.ErrorAs(t, err, &me)
		require.Equal(t, 7, me.Failed, "every call but the one started is cancelled")
		require.Equal(t, 1, me.Index)
		require.ErrorIs(t, me.Err, future.ErrCancelled)
	})

	t.Run("a chunk that ran", func(t *testing.T) {
		h := &holding{}
		fut := executor.MapAsync(h, double, args, executor.WithChunkSize(8))
		c := h.chunks(1)[0]
		any(c).(executor.Task).Run()
		require.Equal(t, []int{}, c.StartCalls(nil), "a chunk run whole is not driven call by call")
		c.FinishCalls(nil, make([]int, len(args)), nil)
		out, err := fut.Result(0)
		require.NoError(t, err)
		require.Equal(t, []int{0, 2, 4, 6, 8, 10, 12, 14}, out)
	})
}
