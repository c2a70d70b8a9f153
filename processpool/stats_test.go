package processpool_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

func init() {
	processpool.Register(whoAmI)
	processpool.Register(slowItem)
}

// whoAmI returns the identity its worker process gives it.
func whoAmI(ctx context.Context, _ int) (string, error) {
	w, ok := executor.WorkerFrom(ctx)
	if !ok {
		return "", errors.New("no worker identity in ctx")
	}
	if w.PID != os.Getpid() {
		return "", fmt.Errorf("identity says pid %d, the process is %d", w.PID, os.Getpid())
	}
	return fmt.Sprintf("%s %d", w.Name, w.PID), nil
}

func slowItem(_ context.Context, d time.Duration) (int, error) {
	time.Sleep(d)
	return 0, nil
}

func TestStats(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(2), processpool.WithName("pp"))
	require.NoError(t, err)
	_, err = executor.MapAll(p, double, make([]int, 50), executor.WithChunkSize(5))
	require.NoError(t, err)
	_, err = executor.Apply(p, fail, "no luck")
	require.Error(t, err)
	_, err = executor.Apply(p, panicky, "oh no")
	require.Error(t, err)
	s := p.Stats()
	require.Equal(t, "processpool", s.Kind)
	require.Equal(t, "pp", s.Name)
	require.EqualValues(t, 50, s.Done)
	require.EqualValues(t, 2, s.Failed)
	require.Zero(t, s.Queued)
	require.Zero(t, s.Running)
	require.NotEmpty(t, s.Workers)
	var tasks int64
	for _, w := range s.Workers {
		require.Positive(t, w.PID)
		require.NotEqual(t, os.Getpid(), w.PID)
		require.Regexp(t, `^pp-\d+$`, w.Name)
		if w.State != executor.WorkerStarting { // a worker may still be starting, spawned for the last calls
			require.Positive(t, w.Startup, "how long its process took to start")
		}
		tasks += w.Tasks
	}
	require.EqualValues(t, 52, tasks)
	require.Len(t, s.Errors, 2)
	require.Equal(t, "no luck", s.Errors[0].Error)
	require.Contains(t, s.Errors[1].Stack, "panicky", "a panic's stack comes from the worker")
	require.Positive(t, s.Durations.Count)
	require.NotEmpty(t, s.Slowest)
	require.NoError(t, p.Shutdown(true))
	for _, w := range p.Stats().Workers {
		require.Equal(t, executor.WorkerExited, w.State)
	}
}

func TestWorkerFromInAWorkerProcess(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1), processpool.WithName("who"))
	require.NoError(t, err)
	defer p.Shutdown(true)
	got, err := executor.Apply(p, whoAmI, 0)
	require.NoError(t, err)
	w := p.Stats().Workers[0]
	require.Equal(t, fmt.Sprintf("who-1 %d", w.PID), got)
	for v, err := range executor.Map(p, whoAmI, make([]int, 4), executor.WithChunkSize(2)) {
		require.NoError(t, err)
		require.Equal(t, got, v)
	}
}

func TestProgressInsideAChunk(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	defer p.Shutdown(true)
	var mu sync.Mutex
	var seen []int
	in := make([]time.Duration, 10)
	for i := range in {
		in[i] = 40 * time.Millisecond
	}
	_, err = executor.MapAll(p, slowItem, in, executor.WithChunkSize(len(in)), executor.WithProgress(func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		require.Equal(t, 10, total)
		seen = append(seen, done)
	}))
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, 0, seen[0])
	require.Equal(t, 10, seen[len(seen)-1])
	require.Greater(t, len(seen), 2, "progress advanced inside the one chunk, not only at its end: %v", seen)
}

func TestStatsOfAWorkerThatDied(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	defer p.Shutdown(true)
	_, err = executor.Apply(p, exit, 3)
	require.ErrorIs(t, err, processpool.ErrWorkerExited)
	_, err = executor.Apply(p, double, 1) // on its replacement
	require.NoError(t, err)
	s := p.Stats()
	require.EqualValues(t, 1, s.Done)
	require.EqualValues(t, 1, s.Failed)
	var dead *executor.WorkerStats
	for i, w := range s.Workers {
		if w.State == executor.WorkerExited {
			dead = &s.Workers[i]
		}
	}
	require.NotNil(t, dead, "the dead worker is among the exited ones: %+v", s.Workers)
	require.Contains(t, dead.LastError, "exit status 3")
	require.Equal(t, "processpool-1", dead.Name)
	require.Equal(t, "processpool-2", s.Workers[0].Name, "its replacement")
	require.Contains(t, s.Errors[0].Error, "exit status 3")
}

// TestStatsLeaveOutCallsTakenBack: a call sent ahead to a busy worker
// and taken back by an idle one runs on the idle one, and does not count
// as running on the first while that worker has yet to skip it (its
// claims are slow here, so the skip comes late).
func TestStatsLeaveOutCallsTakenBack(t *testing.T) {
	t.Setenv(envSlowClaim, "100ms")
	p := newPool(t, processpool.WithMaxWorkers(2))
	warm := make([]*future.Future[int], 2)
	for i := range warm {
		var err error
		warm[i], err = executor.Submit(p, block, 50*time.Millisecond)
		require.NoError(t, err)
	}
	_, notDone := future.Wait(warm, 10*time.Second, future.AllCompleted)
	require.Empty(t, notDone)
	require.Len(t, p.PIDs(), 2, "both workers started")
	long, err := executor.Submit(p, block, 600*time.Millisecond)
	require.NoError(t, err)
	short, err := executor.Submit(p, block, 10*time.Millisecond)
	require.NoError(t, err)
	// Both workers are busy: these go ahead, and the worker that ends
	// first takes back what waits behind the long call.
	fs := make([]*future.Future[int], 4)
	for i := range fs {
		fs[i], err = executor.Submit(p, double, i)
		require.NoError(t, err)
	}
	for i, f := range fs {
		y, err := f.Result(10 * time.Second)
		require.NoError(t, err)
		require.Equal(t, 2*i, y)
	}
	_, err = short.Result(10 * time.Second)
	require.NoError(t, err)
	_, err = long.Result(10 * time.Second)
	require.NoError(t, err)
	s := p.Stats()
	require.Zero(t, s.Running, "every call ended")
	for _, w := range s.Workers {
		require.Equal(t, executor.WorkerIdle, w.State, "worker %s", w.Name)
	}
}
