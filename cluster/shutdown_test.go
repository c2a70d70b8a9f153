package cluster_test

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/executortest"
)

// gone reports whether process pid has exited and been reaped.
func gone(pid int) bool { return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) }

// TestShutdownReleasesEverything checks that Shutdown(true) returns with
// every result in, the local workers exited and reaped, and the embedded
// server's store removed (goleak in TestMain checks the goroutines).
func TestShutdownReleasesEverything(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(2))
	require.NoError(t, err)
	fs, js := submitShort(t, e, 20)
	pids, dir := e.WorkerPIDs(), e.StoreDir()
	require.Len(t, pids, 2)
	require.DirExists(t, dir)
	require.NoError(t, e.Shutdown(true))
	for i, f := range fs {
		require.True(t, f.Done(), "Shutdown(true) returned before call %d was done", i)
	}
	requireOnce(t, fs, js)
	for _, pid := range pids {
		require.True(t, gone(pid), "worker %d is still there", pid)
	}
	_, err = os.Stat(dir)
	require.ErrorIs(t, err, os.ErrNotExist, "the store is still there")
}

// TestTerminate checks that Terminate fails the running calls with
// ErrTerminated, cancels the queued ones and kills the local workers.
func TestTerminate(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(1))
	require.NoError(t, err)
	running, err := executor.Submit(e, executortest.Sleep, time.Hour)
	require.NoError(t, err)
	require.Eventually(t, running.Running, patience, time.Millisecond)
	queued, js := submitShort(t, e, 5)
	pids := e.WorkerPIDs()
	start := time.Now()
	require.NoError(t, e.Shutdown(true, executor.Terminate()))
	require.Less(t, time.Since(start), 10*time.Second)
	_, err = running.Result(0)
	require.ErrorIs(t, err, cluster.ErrTerminated)
	for i, f := range queued {
		require.True(t, f.Cancelled(), "%v", f)
		require.Empty(t, runs(t, js[i].Path))
	}
	for _, pid := range pids {
		require.True(t, gone(pid), "worker %d is still there", pid)
	}
}

// TestShutdownFromCallback calls Shutdown(true) from a done callback,
// which runs in the executor's own goroutine: it must not hang.
func TestShutdownFromCallback(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(1))
	require.NoError(t, err)
	f, err := executor.Submit(e, executortest.Sleep, 300*time.Millisecond)
	require.NoError(t, err)
	got := make(chan error, 1)
	f.AddDoneCallback(func(*future.Future[time.Duration]) { got <- e.Shutdown(true) })
	select {
	case err := <-got:
		require.ErrorIs(t, err, cluster.ErrShutdownFromCallback)
	case <-time.After(patience):
		t.Fatal("Shutdown(true) from a callback hangs")
	}
	require.NoError(t, e.Shutdown(true))
}
