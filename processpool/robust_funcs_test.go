package processpool_test

import (
	"context"
	"errors"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/gocurrent/futures/processpool"
)

// Functions and types of the tests that try to break the pool.
func init() {
	processpool.Register(deadlineYear)
	processpool.Register(childFDs)
	processpool.Register(startChild)
	processpool.Register(strayHeader)
	processpool.Register(sumFlaky)
}

// deadlineYear returns the year of its context's deadline, and the
// context's error.
func deadlineYear(ctx context.Context, _ int) (int, error) {
	d, ok := ctx.Deadline()
	if !ok {
		return 0, errors.New("no deadline")
	}
	return d.Year(), ctx.Err()
}

// childFDs returns the descriptors among 3 and 4 that a program the task
// starts has open.
func childFDs(context.Context, int) (string, error) {
	out, err := exec.Command("/bin/sh", "-c", "for fd in 3 4; do [ -e /proc/self/fd/$fd ] && printf '%s ' $fd; done; true").Output()
	return strings.TrimSpace(string(out)), err
}

// startChild starts a program that outlives the task, and returns its pid.
func startChild(_ context.Context, args []string) (int, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	pid := cmd.Process.Pid // before Release, which sets it to -1
	return pid, cmd.Process.Release()
}

// strayHeader writes to the worker's result pipe the start of a frame
// announcing 4 GiB, as a task that misuses descriptor 4 might, then
// returns normally.
func strayHeader(context.Context, int) (int, error) {
	_, err := syscall.Write(4, []byte{0xff, 0xff, 0xff, 0xff, 4, 0, 0, 0, 0, 0})
	return 0, err
}

// flaky encodes once, for Submit's check, and then fails to if bad.
type flaky struct {
	ID  int
	Bad bool
}

var flakyEncodes sync.Map // ID -> *atomic.Int32

func (f flaky) GobEncode() ([]byte, error) {
	n, _ := flakyEncodes.LoadOrStore(f.ID, new(atomic.Int32))
	if n.(*atomic.Int32).Add(1) > 1 && f.Bad {
		return nil, errors.New("flaky: cannot encode twice")
	}
	return []byte(strconv.Itoa(f.ID)), nil
}

func (f *flaky) GobDecode(b []byte) error {
	var err error
	f.ID, err = strconv.Atoi(string(b))
	return err
}

func sumFlaky(_ context.Context, f flaky) (int, error) { return f.ID, nil }
