package processpool_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

func newPool(t *testing.T, opts ...processpool.Option) *processpool.Pool {
	t.Helper()
	p, err := processpool.New(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, p.Shutdown(true)) })
	return p
}

func TestSubmit(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(2))
	f, err := executor.Submit(p, double, 21)
	require.NoError(t, err)
	v, err := f.Result(10 * time.Second)
	require.NoError(t, err)
	require.Equal(t, 42, v)
	w, err := executor.Apply(p, pid, 0)
	require.NoError(t, err)
	require.NotEqual(t, os.Getpid(), w)
}

func TestMap(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(2))
	args := make([]int, 1000)
	for i := range args {
		args[i] = i
	}
	i := 0
	for v, err := range executor.Map(p, double, args) {
		require.NoError(t, err)
		require.Equal(t, 2*i, v)
		i++
	}
	require.Equal(t, len(args), i)
	all, err := executor.MapAll(p, double, args, executor.WithChunkSize(7))
	require.NoError(t, err)
	require.Len(t, all, len(args))
	_ = context.Background()
}
