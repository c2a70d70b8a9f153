package cluster_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// TestStrictPending cancels many queued tasks at random moments, while two
// workers take tasks as fast as they can, and checks that a task ran if
// and only if its future was not cancelled: the executor arbitrates
// between a worker's claim and a cancel, so none can slip through.
func TestStrictPending(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(2), cluster.WithConcurrency(2))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()
	dir := t.TempDir()
	const n = 300
	fs := make([]*future.Future[int], n)
	jobs := make([]Job, n)
	for i := range fs {
		jobs[i] = Job{Path: filepath.Join(dir, fmt.Sprint(i)), Sleep: time.Millisecond}
		fs[i], err = executor.Submit(e, Count, jobs[i])
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for _, i := range rand.Perm(n) {
		if i%2 == 0 {
			continue
		}
		wg.Go(func() {
			time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
			fs[i].Cancel()
		})
	}
	wg.Wait()
	cancelled := 0
	for i, f := range fs {
		_, err := f.Result(patience)
		if f.Cancelled() {
			cancelled++
			require.Empty(t, runs(t, jobs[i].Path), "task %d was cancelled and ran", i)
			continue
		}
		require.NoError(t, err)
		require.Len(t, runs(t, jobs[i].Path), 1, "task %d", i)
	}
	t.Logf("%d of %d tasks cancelled while queued, none of them ran", cancelled, n)
	require.Positive(t, cancelled, "no cancel won: the test tested nothing")
}

// TestContextCancel checks that cancelling a SubmitContext's context while
// the call runs reaches the function's ctx in the worker process, and that
// a function that ignores it fails its future after the grace period.
func TestContextCancel(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(1), cluster.WithConcurrency(2),
		cluster.WithCancelGrace(500*time.Millisecond))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()

	ctx, cancel := context.WithCancel(context.Background())
	f, err := executor.SubmitContext(ctx, e, Count, Job{Path: filepath.Join(t.TempDir(), "x"), Sleep: time.Hour})
	require.NoError(t, err)
	require.Eventually(t, f.Running, patience, time.Millisecond)
	start := time.Now()
	cancel()
	_, err = f.Result(patience)
	require.Error(t, err)
	require.Equal(t, context.Canceled.Error(), err.Error())
	require.ErrorIs(t, err, context.Canceled, "the worker's context.Canceled crosses as itself")
	require.Less(t, time.Since(start), 5*time.Second)

	ctx, cancel = context.WithCancel(context.Background())
	g, err := executor.SubmitContext(ctx, e, Stubborn, time.Hour/60)
	require.NoError(t, err)
	require.Eventually(t, g.Running, patience, time.Millisecond)
	cancel()
	_, err = g.Result(patience)
	require.ErrorIs(t, err, cluster.ErrCancelIgnored)
	require.ErrorIs(t, err, context.Canceled)
	// The worker was replaced, so Shutdown does not wait for the stubborn call.
}

// TestCancelIgnoredReplacesLocalWorker checks that a local worker whose
// call ignores its cancelled context past the grace period is replaced.
func TestCancelIgnoredReplacesLocalWorker(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(1), cluster.WithCancelGrace(300*time.Millisecond))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()
	before := e.WorkerPIDs()
	ctx, cancel := context.WithCancel(context.Background())
	f, err := executor.SubmitContext(ctx, e, Stubborn, time.Hour)
	require.NoError(t, err)
	require.Eventually(t, f.Running, patience, time.Millisecond)
	cancel()
	_, err = f.Result(patience)
	require.ErrorIs(t, err, cluster.ErrCancelIgnored)
	require.Eventually(t, func() bool {
		pids := e.WorkerPIDs()
		return len(pids) == 1 && pids[0] != before[0]
	}, patience, 10*time.Millisecond, "the stubborn worker was not replaced")
	v, err := executor.Submit(e, PID, 0)
	require.NoError(t, err)
	_, err = v.Result(patience)
	require.NoError(t, err, "the replacement works")
}
