package callback_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// workerName returns the name of the worker running it.
func workerName(ctx context.Context, _ int) (string, error) {
	w, ok := executor.WorkerFrom(ctx)
	if !ok {
		return "", errors.New("no worker in ctx")
	}
	return w.Name, nil
}

func TestPipelineProgress(t *testing.T) {
	type report struct{ done, total int }
	run := func(t *testing.T, opts ...callback.PipelineOption) []report {
		p := pool(t, 2)
		var got []report
		opts = append(opts, callback.WithProgress(func(done, total int) { got = append(got, report{done, total}) }))
		pl := callback.NewPipeline(callback.NewStage(p, workerName), opts...)
		for name, err := range pl.Run(context.Background(), slices.Values([]int{1, 2, 3, 4, 5})) {
			require.NoError(t, err)
			require.Regexp(t, `^threadpool-\d+$`, name, "a stage on a pool sees its worker")
		}
		return got
	}
	t.Run("total known at the end", func(t *testing.T) {
		got := run(t)
		require.Equal(t, report{0, -1}, got[0])
		require.Equal(t, report{5, 5}, got[len(got)-1])
		for i := 1; i < len(got); i++ {
			require.GreaterOrEqual(t, got[i].done, got[i-1].done)
		}
	})
	t.Run("WithTotal", func(t *testing.T) {
		got := run(t, callback.WithTotal(5))
		require.Equal(t, []report{{0, 5}, {1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}}, got)
	})
}

func TestThenSeesItsWorker(t *testing.T) {
	p := pool(t, 1)
	src := future.New[int]()
	require.NoError(t, src.SetResult(1))
	f := callback.Then(src, p, workerName)
	name, err := f.Result(long)
	require.NoError(t, err)
	require.Equal(t, "threadpool-1", name)
}
