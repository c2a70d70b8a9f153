package processpool_test

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

func TestNew(t *testing.T) {
	processpool.WithoutMain(func() {
		_, err := processpool.New()
		require.ErrorIs(t, err, processpool.ErrNoMain)
	})
	for _, opt := range []processpool.Option{
		processpool.WithMaxWorkers(0),
		processpool.WithMaxTasksPerWorker(0),
		processpool.WithInitializer(notRegistered, 1),
		processpool.WithInitializer(takesChan, make(chan int)),
	} {
		_, err := processpool.New(opt)
		require.Error(t, err)
		require.Contains(t, err.Error(), "processpool: ")
	}
	p := newPool(t, processpool.WithMaxWorkers(3))
	require.Equal(t, 3, p.MaxWorkers())
}

func TestWorkersStartLazilyAndAreReused(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(2))
	require.Empty(t, p.PIDs())
	pids := map[int]bool{}
	for i := range 20 {
		v, err := executor.Apply(p, pid, i)
		require.NoError(t, err)
		pids[v] = true
	}
	require.Len(t, pids, 1, "one task at a time needs one worker")
	fs := make([]*future.Future[int], 8)
	for i := range fs {
		var err error
		fs[i], err = executor.Submit(p, sleep, 50*time.Millisecond)
		require.NoError(t, err)
	}
	for _, f := range fs {
		v, err := f.Result(10 * time.Second)
		require.NoError(t, err)
		pids[v] = true
	}
	require.Len(t, pids, 2, "never more than max workers")
}

func TestMaxTasksPerWorker(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(2), processpool.WithMaxTasksPerWorker(2))
	require.NoError(t, err)
	fs := make([]*future.Future[int], 10)
	for i := range fs {
		fs[i], err = executor.Submit(p, pid, i)
		require.NoError(t, err)
	}
	require.NoError(t, p.Shutdown(false)) // early: the backlog still runs
	counts := map[int]int{}
	for _, f := range fs {
		v, err := f.Result(30 * time.Second)
		require.NoError(t, err)
		counts[v]++
	}
	for pid, n := range counts {
		require.LessOrEqual(t, n, 2, "worker %d", pid)
	}
	require.GreaterOrEqual(t, len(counts), 5)
	require.NoError(t, p.Shutdown(true))
}

func TestInitializer(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(2), processpool.WithInitializer(setState, "initialised"))
	for range 4 {
		v, err := executor.Apply(p, getState, 0)
		require.NoError(t, err)
		require.Equal(t, "initialised", v)
	}
	require.Empty(t, state, "the initializer ran in the workers only")
}

func TestShutdownLeavesNothing(t *testing.T) {
	fds := openFDs(t)
	p, err := processpool.New(processpool.WithMaxWorkers(2))
	require.NoError(t, err)
	fs := make([]*future.Future[int], 6)
	for i := range fs {
		fs[i], err = executor.Submit(p, sleep, 20*time.Millisecond)
		require.NoError(t, err)
	}
	pids := p.PIDs()
	require.NoError(t, p.Shutdown(true))
	for _, f := range fs {
		require.True(t, f.Done(), "Shutdown(true) waits for queued work")
	}
	require.NoError(t, p.Shutdown(true), "again")
	for _, pid := range pids {
		require.ErrorIs(t, syscall.Kill(pid, 0), syscall.ESRCH, "worker %d is gone and reaped", pid)
	}
	require.Equal(t, fds, openFDs(t))
	_, err = executor.Submit(p, double, 1)
	require.ErrorIs(t, err, executor.ErrShutdown)
}

func TestShutdownCancelPending(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	busy, err := executor.Submit(p, sleep, 200*time.Millisecond)
	require.NoError(t, err)
	require.Eventually(t, busy.Running, 10*time.Second, time.Millisecond)
	queued, err := executor.Submit(p, sleep, time.Minute)
	require.NoError(t, err)
	require.NoError(t, p.Shutdown(true, executor.CancelPending()))
	_, err = busy.Result(0)
	require.NoError(t, err, "running work finishes")
	require.True(t, queued.Cancelled())
}

func TestTerminate(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(2))
	require.NoError(t, err)
	fs := make([]*future.Future[int], 4)
	for i := range fs {
		fs[i], err = executor.Submit(p, sleep, time.Minute)
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool { return fs[0].Running() && fs[1].Running() }, 10*time.Second, time.Millisecond)
	start := time.Now()
	require.NoError(t, p.Shutdown(true, executor.Terminate()))
	require.Less(t, time.Since(start), 10*time.Second)
	for _, f := range fs[:2] {
		err := f.Err(0)
		require.ErrorIs(t, err, processpool.ErrWorkerExited)
		require.Contains(t, err.Error(), "terminated")
	}
	for _, f := range fs[2:] {
		require.True(t, f.Cancelled())
	}
}

func TestWorkersHaveTheirOwnProcessGroup(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	w, err := executor.Apply(p, pid, 0)
	require.NoError(t, err)
	g, err := executor.Apply(p, pgrp, 0)
	require.NoError(t, err)
	require.Equal(t, w, g, "a terminal's Ctrl-C reaches only the parent's group")
	require.NotEqual(t, syscall.Getpgrp(), g)
}

func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(ents)
}
