package processpool_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

// envParent makes the test binary play a parent process for the tests
// below: "busy" starts two busy workers, prints their pids and waits to be
// killed; "print" runs a task that prints; "fdlimit" runs a task while it
// has no file descriptor to spare (see TestStartRetriesWhenOutOfFDs).
const envParent = "PROCESSPOOL_TEST_PARENT"

func runParent() int {
	p, err := processpool.New(processpool.WithMaxWorkers(2))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if os.Getenv(envParent) == "fdlimit" {
		return fdLimitParent(p)
	}
	if os.Getenv(envParent) == "print" {
		if _, err := executor.Apply(p, printLine, "hello from a worker"); err != nil {
			return 1
		}
		_ = p.Shutdown(true)
		return 0
	}
	fs := make([]*future.Future[int], 2)
	for i := range fs {
		fs[i], _ = executor.Submit(p, sleep, time.Minute)
	}
	for !fs[0].Running() || !fs[1].Running() {
		time.Sleep(time.Millisecond)
	}
	fmt.Println(strings.Trim(fmt.Sprint(p.PIDs()), "[]"))
	time.Sleep(time.Minute) // until the test kills this process
	return 1
}

func startParent(t *testing.T, mode string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envParent+"="+mode)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	return cmd, bufio.NewScanner(out)
}

// TestParentDeath kills -9 a parent whose workers are busy: no worker may
// outlive it.
func TestParentDeath(t *testing.T) {
	cmd, out := startParent(t, "busy")
	require.True(t, out.Scan(), "the parent prints its workers")
	var pids []int
	for _, f := range strings.Fields(out.Text()) {
		pid, err := strconv.Atoi(f)
		require.NoError(t, err)
		pids = append(pids, pid)
	}
	require.Len(t, pids, 2)
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	require.Eventually(t, func() bool {
		for _, pid := range pids {
			if alive(pid) {
				return false
			}
		}
		return true
	}, 5*time.Second, 10*time.Millisecond, "workers %v outlived their parent", pids)
}

// TestWorkerOutput checks that what a task prints reaches the parent's
// standard output.
func TestWorkerOutput(t *testing.T) {
	cmd, out := startParent(t, "print")
	var lines []string
	for out.Scan() {
		lines = append(lines, out.Text())
	}
	require.NoError(t, cmd.Wait())
	require.Equal(t, []string{"hello from a worker"}, lines)
}

// alive reports whether pid is a live process; a zombie waiting for init
// to reap it is dead.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) == 0 || fields[0] != "Z"
}
