package cluster_test

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/executortest"
	"github.com/gocurrent/futures/processpool"
)

// TestErrors checks that errors cross as they do from a process pool.
func TestErrors(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(1))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()

	t.Run("returned error keeps its text and is a RemoteError", func(t *testing.T) {
		f, err := executor.Submit(e, Oops, "boom")
		require.NoError(t, err)
		_, err = f.Result(patience)
		var re *processpool.RemoteError
		require.ErrorAs(t, err, &re)
		require.Equal(t, errors.Join(errors.New("boom"), os.ErrNotExist).Error(), err.Error())
		require.ErrorIs(t, err, os.ErrNotExist)
		require.NotZero(t, re.PID)
		require.NotEqual(t, os.Getpid(), re.PID)
	})
	t.Run("panic is a PanicError", func(t *testing.T) {
		f, err := executor.Submit(e, executortest.Panic, "help")
		require.NoError(t, err)
		_, err = f.Result(patience)
		var pe *executor.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "help", pe.Value)
	})
	t.Run("unregistered function fails at Submit", func(t *testing.T) {
		f, err := executor.Submit(e, Unregistered, 1)
		require.ErrorIs(t, err, processpool.ErrNotRegistered)
		require.Contains(t, err.Error(), "processpool.Register")
		require.Nil(t, f)
	})
	t.Run("unencodable argument fails at Submit", func(t *testing.T) {
		f, err := executor.Submit(e, Chan, make(chan int))
		require.ErrorIs(t, err, processpool.ErrEncoding)
		require.Nil(t, f)
	})
	t.Run("a type gob would cut short fails at Submit, as in the process pool", func(t *testing.T) {
		f, err := executor.Submit(e, TakesHidden, Hidden{Name: "x", count: 1})
		require.ErrorIs(t, err, processpool.ErrEncoding)
		require.Contains(t, err.Error(), "unexported field count")
		require.Nil(t, f)
	})
	t.Run("runtime.Goexit fails the call, not the worker", func(t *testing.T) {
		f, err := executor.Submit(e, Quit, 1)
		require.NoError(t, err)
		_, err = f.Result(patience)
		require.ErrorContains(t, err, "Goexit")
		g, err := executor.Submit(e, PID, 1)
		require.NoError(t, err)
		_, err = g.Result(patience)
		require.NoError(t, err)
	})
	t.Run("map in chunks", func(t *testing.T) {
		args := make([]int, 1000)
		for i := range args {
			args[i] = i
		}
		i := 0
		for v, err := range executor.Map(e, executortest.FailOdd, args, executor.WithChunkSize(100)) {
			if i%2 == 1 {
				require.EqualError(t, err, "odd input "+itoa(i))
			} else {
				require.NoError(t, err)
				require.Equal(t, 2*i, v)
			}
			i++
		}
		require.Equal(t, len(args), i)
	})
	_ = cluster.ErrWorkerLost
}

// TestCanRun checks that the executor tells registered functions apart.
func TestCanRun(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(0))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()
	require.NoError(t, e.CanRun(PID))
	require.ErrorIs(t, e.CanRun(Unregistered), processpool.ErrNotRegistered)
}
