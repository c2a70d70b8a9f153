package processpool_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

// The reader of a worker with nothing in flight rests, and a goroutine
// waiting in Result for the only call of its worker reads the answer
// itself (rest.go). These tests check that the waiter does, and that
// whatever else needs an answer still gets it.

func TestWaiterReadsItsAnswer(t *testing.T) {
	requirePidfd(t)
	p := newPool(t, processpool.WithMaxWorkers(1))
	const n = 200
	for i := range n {
		v, err := executor.Apply(p, double, i)
		require.NoError(t, err)
		require.Equal(t, 2*i, v)
	}
	// A waiter that comes after the sweep, or after the reader went on
	// reading for another reason, waits for the reader: on a loaded
	// machine, some do.
	t.Logf("%d of %d answers read by their waiters", p.WaiterReads(), n)
	require.Greater(t, p.WaiterReads(), int64(n/10), "the waiters read their answers")
}

// TestUnwatchedAnswerIsRead submits calls nobody waits for: their answers
// must still be read.
func TestUnwatchedAnswerIsRead(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	for i := range 5 {
		_, err := executor.Submit(p, double, i)
		require.NoError(t, err)
		// Stats ask nothing of the future: the pool read the answer.
		require.Eventually(t, func() bool {
			ws := p.Stats().Workers
			return len(ws) == 1 && ws[0].Tasks == int64(i+1)
		}, 10*time.Second, time.Millisecond, "round %d: the answer of a call nobody watches is read", i)
	}
	require.Zero(t, p.WaiterReads())
}

// TestCallbackAddedWhileWaiterReads adds a callback to a call whose
// answer a waiter reads: the waiter hands reading over, the callback runs,
// and the worker takes the next call.
func TestCallbackAddedWhileWaiterReads(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	for i := range 10 {
		f, err := executor.Submit(p, sleep, 20*time.Millisecond)
		require.NoError(t, err)
		got := make(chan error, 1)
		go func() {
			_, err := f.Result(0)
			got <- err
		}()
		time.Sleep(time.Millisecond) // the waiter reads by now, most of the time
		called := make(chan struct{})
		f.AddDoneCallback(func(*future.Future[int]) { close(called) })
		select {
		case err := <-got:
			require.NoError(t, err)
		case <-time.After(30 * time.Second):
			t.Fatalf("round %d: Result did not return", i)
		}
		select {
		case <-called:
		case <-time.After(30 * time.Second):
			t.Fatalf("round %d: the callback did not run", i)
		}
		v, err := executor.Apply(p, double, i)
		require.NoError(t, err)
		require.Equal(t, 2*i, v)
	}
}

// TestRestingWorkerDeathIsNoticed kills a worker whose reader rests: the
// pool must see it go (its stats say so) without a call to it.
func TestRestingWorkerDeathIsNoticed(t *testing.T) {
	requirePidfd(t)
	p := newPool(t, processpool.WithMaxWorkers(1))
	w, err := executor.Apply(p, pid, 0)
	require.NoError(t, err)
	require.NoError(t, syscall.Kill(w, syscall.SIGKILL))
	require.Eventually(t, func() bool {
		for _, ws := range p.Stats().Workers {
			if ws.PID == w {
				return ws.State == executor.WorkerExited
			}
		}
		return false
	}, 10*time.Second, time.Millisecond, "the dead worker's stats say it exited")
	v, err := executor.Apply(p, double, 4)
	require.NoError(t, err)
	require.Equal(t, 8, v)
}

// TestWaiterReadsThroughDeath waits in Result for a call whose worker is
// killed while the waiter reads: Result fails with the worker's exit.
func TestWaiterReadsThroughDeath(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	w, err := executor.Apply(p, pid, 0)
	require.NoError(t, err)
	f, err := executor.Submit(p, sleep, time.Minute)
	require.NoError(t, err)
	got := make(chan error, 1)
	go func() {
		_, err := f.Result(0)
		got <- err
	}()
	require.Eventually(t, f.Running, 10*time.Second, time.Millisecond)
	time.Sleep(10 * time.Millisecond) // the waiter reads by now, most of the time
	require.NoError(t, syscall.Kill(w, syscall.SIGKILL))
	select {
	case err := <-got:
		require.ErrorIs(t, err, processpool.ErrWorkerExited)
	case <-time.After(30 * time.Second):
		t.Fatal("Result did not return after the worker died")
	}
}

// requirePidfd skips where the reader never rests (no pidfd).
func requirePidfd(t *testing.T) {
	t.Helper()
	if !processpool.ReadersRest() {
		t.Skip("the reader never rests on this system")
	}
}
