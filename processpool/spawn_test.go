package processpool_test

import (
	"fmt"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

// TestWorkersKilledWhileStarting kills, one after the other, the workers
// that a pool that has run starts: that is no reason to break the pool.
func TestWorkersKilledWhileStarting(t *testing.T) {
	t.Setenv(envSlowStart, "300ms")
	p := newPool(t, processpool.WithMaxWorkers(1))
	w, err := executor.Apply(p, pid, 0)
	require.NoError(t, err)
	require.NoError(t, syscall.Kill(w, syscall.SIGKILL))
	require.Eventually(t, func() bool { return p.Workers() == 0 }, 30*time.Second, time.Millisecond)
	f, err := executor.Submit(p, double, 21)
	require.NoError(t, err)
	killed := []int{w}
	for range 5 {
		var starting int
		require.Eventually(t, func() bool {
			for _, pid := range p.StartingPIDs() {
				if !slices.Contains(killed, pid) {
					starting = pid
					return true
				}
			}
			return false
		}, 30*time.Second, time.Millisecond)
		require.NoError(t, syscall.Kill(starting, syscall.SIGKILL))
		killed = append(killed, starting)
	}
	v, err := f.Result(60 * time.Second)
	require.NoError(t, err, "the pool retries starting workers")
	require.Equal(t, 42, v)
}

// TestWarmPoolDoesNotOverSpawn submits to a pool whose workers are idle
// or still starting: a task waits for those rather than start another.
func TestWarmPoolDoesNotOverSpawn(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1000))
	var fs []*future.Future[int]
	for i := range 30 {
		f, err := executor.Submit(p, double, i)
		require.NoError(t, err)
		fs = append(fs, f)
	}
	for _, f := range fs {
		require.NoError(t, f.Err(time.Minute))
	}
	before := p.Workers() // idle, or starting
	fs = fs[:0]
	for range 24 {
		f, err := executor.Submit(p, sleep, 200*time.Millisecond)
		require.NoError(t, err)
		fs = append(fs, f)
	}
	for _, f := range fs {
		require.NoError(t, f.Err(time.Minute))
	}
	t.Logf("%d workers after the warm-up, %d after 24 more tasks", before, p.Workers())
	require.LessOrEqual(t, p.Workers(), max(before, 24))
}

// TestStartRetriesWhenOutOfFDs runs a parent process that submits a task
// while it has no descriptor to spare for a worker's pipes, and frees
// some a moment later: the task must run, and the pool not break.
func TestStartRetriesWhenOutOfFDs(t *testing.T) {
	cmd, out := startParent(t, "fdlimit")
	var lines []string
	for out.Scan() {
		lines = append(lines, out.Text())
	}
	require.NoError(t, cmd.Wait())
	require.Equal(t, []string{"42 <nil>"}, lines)
}

// fdLimitParent is the parent process of TestStartRetriesWhenOutOfFDs.
func fdLimitParent(p *processpool.Pool) int {
	defer func() { _ = p.Shutdown(true) }()
	w, err := executor.Apply(p, pid, 0) // workers can start
	if err != nil {
		fmt.Println(err)
		return 1
	}
	_ = syscall.Kill(w, syscall.SIGKILL)
	for p.Workers() > 0 {
		time.Sleep(time.Millisecond)
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		fmt.Println(err)
		return 1
	}
	free, err := os.Open(os.DevNull) // the lowest free descriptor
	if err != nil {
		fmt.Println(err)
		return 1
	}
	low := old
	low.Cur = uint64(free.Fd()) // no new descriptor from now on
	free.Close()
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		fmt.Println(err)
		return 1
	}
	f, err := executor.Submit(p, double, 21)
	time.Sleep(300 * time.Millisecond) // the pool fails to start workers meanwhile
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		fmt.Println(err)
		return 1
	}
	if err != nil {
		fmt.Println(err)
		return 1
	}
	fmt.Println(f.Result(30 * time.Second))
	return 0
}
