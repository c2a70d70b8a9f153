package processpool_test

import (
	"context"
	"math"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

func TestFarDeadlineArrivesIntact(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	ctx, cancel := context.WithTimeout(context.Background(), math.MaxInt64)
	defer cancel()
	f, err := executor.SubmitContext(ctx, p, deadlineYear, 0)
	require.NoError(t, err)
	year, err := f.Result(30 * time.Second)
	require.NoError(t, err, "a deadline centuries away has not expired")
	require.GreaterOrEqual(t, year, 2262)
}

func TestTaskChildrenDoNotInheritThePipes(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd")
	}
	p := newPool(t, processpool.WithMaxWorkers(1))
	fds, err := executor.Apply(p, childFDs, 0)
	require.NoError(t, err)
	require.Empty(t, fds, "a program started by a task has the worker's protocol pipes open")
}

func TestShutdownDoesNotWaitForADaemonATaskStarted(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	child, err := executor.Apply(p, startChild, []string{"sleep", "30"})
	require.NoError(t, err)
	require.Greater(t, child, 1)
	defer func() { _ = syscall.Kill(child, syscall.SIGKILL) }()
	start := time.Now()
	require.NoError(t, p.Shutdown(true))
	require.Less(t, time.Since(start), 5*time.Second)
}

func TestFailedSendDoesNotPoisonTheNextTask(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	_, err := executor.MapAll(p, sumFlaky, []flaky{{ID: 1}, {ID: 2, Bad: true}, {ID: 3}}, executor.WithChunkSize(3))
	require.ErrorIs(t, err, processpool.ErrEncoding)
	got, err := executor.MapAll(p, sumFlaky, []flaky{{ID: 4}, {ID: 5}}, executor.WithChunkSize(2))
	require.NoError(t, err, "the next task on the same worker")
	require.Equal(t, []int{4, 5}, got)
}

// TestTaskSentToADeadIdleWorker kills an idle worker and submits before
// the pool could notice (its reader is held up in a done callback): the
// task must run on another worker, not fail as if it had run.
func TestTaskSentToADeadIdleWorker(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	for i := range 10 {
		f, err := executor.Submit(p, sleep, 20*time.Millisecond) // its worker's pid
		require.NoError(t, err)
		idle, release := make(chan struct{}), make(chan struct{})
		var adding atomic.Bool
		adding.Store(true)
		f.AddDoneCallback(func(*future.Future[int]) {
			if adding.Load() {
				close(idle) // f was done already: this round tests less
				return
			}
			close(idle)
			<-release // the reader waits here: the worker's death goes unnoticed
		})
		adding.Store(false)
		<-idle
		w, err := f.Result(0)
		require.NoError(t, err)
		require.NoError(t, syscall.Kill(w, syscall.SIGKILL))
		require.Eventually(t, func() bool { return gone(w) }, 10*time.Second, 100*time.Microsecond)
		g, err := executor.Submit(p, double, i)
		require.NoError(t, err)
		close(release)
		v, err := g.Result(30 * time.Second)
		require.NoError(t, err, "round %d", i)
		require.Equal(t, 2*i, v)
	}
}

// gone reports whether pid has exited, every thread of it, so that its
// descriptors are closed, though it may not be reaped yet.
func gone(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	tasks, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	return len(f) > 0 && f[0] == "Z" && err == nil && len(tasks) <= 1
}

func TestShutdownFromADoneCallback(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	f, err := executor.Submit(p, sleep, 100*time.Millisecond)
	require.NoError(t, err)
	errc := make(chan error, 1)
	f.AddDoneCallback(func(*future.Future[int]) { errc <- p.Shutdown(true) })
	g, err := executor.Submit(p, double, 2)
	require.NoError(t, err)
	select {
	case err := <-errc:
		require.ErrorIs(t, err, processpool.ErrShutdownFromCallback)
	case <-time.After(30 * time.Second):
		t.Fatal("Shutdown(true) in a done callback did not return")
	}
	v, err := g.Result(30 * time.Second)
	require.NoError(t, err, "the queued task still runs")
	require.Equal(t, 4, v)
	require.NoError(t, p.Shutdown(true))
}

// TestStrayFrameHeader has a task write the start of a frame announcing 4
// GiB to the worker's result pipe: the pool must fail the task and kill
// the worker, not wait for ever.
func TestStrayFrameHeader(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1), processpool.WithStallTimeout(500*time.Millisecond))
	require.NoError(t, err)
	f, err := executor.Submit(p, strayHeader, 0)
	require.NoError(t, err)
	err = f.Err(30 * time.Second)
	require.ErrorIs(t, err, processpool.ErrWorkerExited)
	require.Contains(t, err.Error(), "stalled")
	v, err := executor.Apply(p, double, 2)
	require.NoError(t, err, "a new worker takes over")
	require.Equal(t, 4, v)
	done := make(chan error, 1)
	go func() { done <- p.Shutdown(true) }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(30 * time.Second):
		require.NoError(t, p.Shutdown(true, executor.Terminate()))
		t.Fatal("Shutdown(true) did not return")
	}
}
