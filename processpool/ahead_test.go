package processpool_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

func init() {
	processpool.Register(logRun)
	processpool.Register(block)
	processpool.Register(spin)
}

// spin runs on the CPU for d and returns d in nanoseconds.
func spin(_ context.Context, d time.Duration) (int, error) {
	for start := time.Now(); time.Since(start) < d; {
	}
	return int(d), nil
}

// ranArg is a call of logRun: it appends id to the file log, then sleeps.
type ranArg struct {
	Log   string
	ID    int
	Sleep time.Duration
}

// logRun records that call a.ID ran, in one append of a whole line.
func logRun(_ context.Context, a ranArg) (int, error) {
	f, err := os.OpenFile(a.Log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return 0, err
	}
	_, err = f.WriteString(strconv.Itoa(a.ID) + "\n")
	f.Close()
	time.Sleep(a.Sleep)
	return a.ID, err
}

// block sleeps for d, or until its context ends.
func block(ctx context.Context, d time.Duration) (int, error) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
	return os.Getpid(), nil
}

// ran reads the ids logRun recorded.
func ran(t *testing.T, log string) map[int]int {
	t.Helper()
	b, err := os.ReadFile(log)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	seen := map[int]int{}
	for _, l := range strings.Fields(string(b)) {
		id, err := strconv.Atoi(l)
		require.NoError(t, err)
		seen[id]++
	}
	return seen
}

// TestCancelSentAhead cancels calls at random moments while two workers
// run thousands of them, most sent ahead to their worker: a call whose
// future says it was cancelled never ran, every other one ran exactly
// once and has its result, and a Cancel that returned false came too late
// to stop it.
func TestCancelSentAhead(t *testing.T) {
	const n = 3000
	log := filepath.Join(t.TempDir(), "ran")
	p, err := processpool.New(processpool.WithMaxWorkers(2))
	require.NoError(t, err)
	defer p.Shutdown(true)
	_, err = executor.Apply(p, double, 1) // a worker started
	require.NoError(t, err)
	fs := make([]*future.Future[int], n)
	lost := make([]bool, n) // Cancel returned false
	submitted := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	done := make(chan struct{})
	go func() { // cancels the calls submitted so far, at random
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			mu.Lock()
			if submitted > 0 {
				i := rand.IntN(submitted)
				if !fs[i].Cancel() && !fs[i].Cancelled() {
					lost[i] = true
				}
			}
			mu.Unlock()
			time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
		}
	}()
	for i := range n {
		f, err := executor.Submit(p, logRun, ranArg{Log: log, ID: i, Sleep: time.Duration(rand.IntN(100)) * time.Microsecond})
		require.NoError(t, err)
		mu.Lock()
		fs[i] = f
		submitted++
		mu.Unlock()
	}
	_, notDone := future.Wait(fs, time.Minute, future.AllCompleted)
	require.Empty(t, notDone)
	close(done)
	wg.Wait()
	seen := ran(t, log)
	cancelled := 0
	for i, f := range fs {
		if f.Cancelled() {
			cancelled++
			assert.Zero(t, seen[i], "call %d was reported cancelled but ran", i)
			assert.False(t, lost[i], "call %d: Cancel returned false, yet it is cancelled", i)
			continue
		}
		v, err := f.Result(0)
		require.NoError(t, err, "call %d", i)
		assert.Equal(t, i, v)
		assert.Equal(t, 1, seen[i], "call %d ran %d times", i, seen[i])
	}
	t.Logf("%d of %d calls cancelled", cancelled, n)
	assert.Positive(t, cancelled)
}

// TestKilledWorkerSendsAheadElsewhere kills a worker that runs a long call
// with calls sent ahead to it: the running call fails, and the calls sent
// ahead, which stayed pending, run on the worker started in its place.
func TestKilledWorkerSendsAheadElsewhere(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	defer p.Shutdown(true)
	long, err := executor.Submit(p, block, time.Minute)
	require.NoError(t, err)
	require.Eventually(t, long.Running, 10*time.Second, time.Millisecond)
	var ahead []*future.Future[int]
	for i := range 5 {
		f, err := executor.Submit(p, double, i)
		require.NoError(t, err)
		ahead = append(ahead, f)
	}
	require.Eventually(t, func() bool { return slices.Equal(p.Ahead(), []int{6}) }, 10*time.Second, time.Millisecond,
		"the five calls were sent ahead to the busy worker")
	for _, f := range ahead {
		assert.False(t, f.Running() || f.Done(), "a call sent ahead stays pending")
	}
	pids := p.PIDs()
	require.Len(t, pids, 1)
	require.Greater(t, pids[0], 1)
	require.NoError(t, syscall.Kill(pids[0], syscall.SIGKILL))
	_, err = long.Result(10 * time.Second)
	var xe *processpool.ExitError
	require.ErrorAs(t, err, &xe, "the running call fails with its worker")
	for i, f := range ahead {
		v, err := f.Result(10 * time.Second)
		require.NoError(t, err, "call %d sent ahead must run elsewhere", i)
		assert.Equal(t, 2*i, v)
	}
}

// TestKilledWorkerKeepsFinishedResults kills a worker with the call sent
// ahead behind a short one, many times: the short call finished before
// its worker died, so its result must reach its future; only the call that
// killed the worker fails.
func TestKilledWorkerKeepsFinishedResults(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	defer p.Shutdown(true)
	for round := range 40 {
		short, err := executor.Submit(p, spin, 20*time.Microsecond)
		require.NoError(t, err)
		dies, err := executor.Submit(p, killSelf, round)
		require.NoError(t, err)
		v, err := short.Result(10 * time.Second)
		require.NoError(t, err, "round %d: a call that finished before its worker died lost its result", round)
		assert.Equal(t, int(20*time.Microsecond), v)
		_, err = dies.Result(10 * time.Second)
		var xe *processpool.ExitError
		require.ErrorAs(t, err, &xe, "round %d", round)
	}
}

// TestCancelSentAheadCall cancels a call sent ahead to a busy worker: it
// is cancelled at once and never runs, and the worker goes on with the
// next.
func TestCancelSentAheadCall(t *testing.T) {
	log := filepath.Join(t.TempDir(), "ran")
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	defer p.Shutdown(true)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	long, err := executor.SubmitContext(ctx, p, block, time.Minute)
	require.NoError(t, err)
	require.Eventually(t, long.Running, 10*time.Second, time.Millisecond)
	a, err := executor.Submit(p, logRun, ranArg{Log: log, ID: 1})
	require.NoError(t, err)
	b, err := executor.Submit(p, logRun, ranArg{Log: log, ID: 2})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return slices.Equal(p.Ahead(), []int{3}) }, 10*time.Second, time.Millisecond)
	assert.True(t, a.Cancel(), "a call sent ahead is still pending")
	assert.True(t, a.Cancelled())
	stop() // the long call returns
	v, err := b.Result(10 * time.Second)
	require.NoError(t, err)
	assert.Equal(t, 2, v)
	assert.Equal(t, map[int]int{2: 1}, ran(t, log))
}

// TestIdleWorkerTakesBack checks that a call sent ahead behind a long one
// does not wait for it while another worker is free: the free worker
// takes it back.
func TestIdleWorkerTakesBack(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(2))
	require.NoError(t, err)
	defer p.Shutdown(true)
	// Two workers, both started and busy.
	long, err := executor.Submit(p, block, time.Minute)
	require.NoError(t, err)
	short, err := executor.Submit(p, block, 2*time.Second)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return long.Running() && short.Running() }, 10*time.Second, time.Millisecond)
	// Sent ahead to one of them: to the long one's, for some.
	var fs []*future.Future[int]
	for i := range 4 {
		f, err := executor.Submit(p, double, i)
		require.NoError(t, err)
		fs = append(fs, f)
	}
	for i, f := range fs {
		v, err := f.Result(20 * time.Second)
		require.NoError(t, err)
		assert.Equal(t, 2*i, v)
	}
	assert.False(t, long.Done(), "the calls did not wait for the long call")
	long.Cancel()
	require.NoError(t, p.Shutdown(true, executor.Terminate()))
}

// TestLargeFramesAhead maps in chunks whose frames are larger than a
// pipe holds, both ways, on one busy worker: sending them ahead must not
// leave the parent writing a call while the worker writes a result and
// neither reads.
func TestLargeFramesAhead(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	defer p.Shutdown(true)
	args := make([]int, 400_000)
	for i := range args {
		args[i] = i
	}
	done := make(chan error, 1)
	go func() {
		i := 0
		for v, err := range executor.Map(p, double, args, executor.WithChunkSize(20_000)) {
			if err == nil && v != 2*i {
				err = fmt.Errorf("item %d: %d", i, v)
			}
			if err != nil {
				done <- err
				return
			}
			i++
		}
		done <- nil
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(60 * time.Second):
		t.Fatal("the map made no progress: the pipes are stuck")
	}
}

// TestChunksSentAhead maps in chunks of 100 KB frames, more than a
// worker's default pipe leaves for calls sent ahead: its pipe grows, and
// the chunks wait in the worker's window rather than in the pool's queue.
func TestChunksSentAhead(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	defer p.Shutdown(true)
	const chunk = 12_500 // 100 KB of 8-byte values
	args := make([]time.Duration, 3*chunk)
	args[0] = time.Minute // holds the first chunk until the map is cancelled
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range executor.Map(p, block, args, executor.WithChunkSize(chunk), executor.WithContext(ctx)) {
		}
	}()
	require.Eventually(t, func() bool {
		a := p.Ahead()
		return len(a) == 1 && a[0] == 3
	}, 30*time.Second, 10*time.Millisecond, "every chunk is sent to the busy worker")
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the cancelled map did not end")
	}
}

// TestStatsCountSentAhead checks that calls sent ahead to a busy worker
// count as queued in Stats until they start, and the one it runs as
// running.
func TestStatsCountSentAhead(t *testing.T) {
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(t, err)
	defer p.Shutdown(true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first, err := executor.SubmitContext(ctx, p, block, time.Minute)
	require.NoError(t, err)
	var rest []*future.Future[int]
	for i := range 5 {
		f, err := executor.Submit(p, double, i)
		require.NoError(t, err)
		rest = append(rest, f)
	}
	require.Eventually(t, func() bool {
		a := p.Ahead()
		return len(a) == 1 && a[0] == 6 && first.Running()
	}, 30*time.Second, 10*time.Millisecond, "the calls are sent to the busy worker")
	s := p.Stats()
	require.EqualValues(t, 5, s.Queued, "the calls sent ahead wait")
	require.EqualValues(t, 1, s.Running)
	cancel()
	for i, f := range rest {
		v, err := f.Result(30 * time.Second)
		require.NoError(t, err)
		require.Equal(t, 2*i, v)
	}
	_, _ = first.Result(30 * time.Second)
	require.Zero(t, p.Stats().Queued)
}

// TestHandOverDuringASkippedClaim: the watchdog hands reading over from a
// call that has not started yet, while the reader claims it, and the
// claim fails, the call having been cancelled on its way. The reader must
// then stop reading: two readers of one pipe split its frames, and the
// worker dies of a protocol error.
func TestHandOverDuringASkippedClaim(t *testing.T) {
	t.Setenv(envSlowClaim, "2ms") // 10 times the hand-over delay
	p := newPool(t, processpool.WithMaxWorkers(1))
	before, err := executor.Apply(p, pid, 0)
	require.NoError(t, err)
	skipped := 0
	for i := range 20 {
		// The worker is idle: its reader runs the call itself, and waits
		// before claiming it, while the parent cancels it.
		f, err := executor.Submit(p, double, i)
		require.NoError(t, err)
		if f.Cancel() {
			skipped++
		}
		now, err := executor.Apply(p, pid, 0)
		require.NoError(t, err, "call %d", i)
		require.Equal(t, before, now, "call %d: the worker lived through it", i)
	}
	require.Positive(t, skipped, "no call was cancelled on its way to the worker")
}
