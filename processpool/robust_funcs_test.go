package processpool_test

import (
	"context"
	"encoding/gob"
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

func init() {
	processpool.Register(listLen)
	processpool.Register(makeCycle)
	processpool.Register(takesMixed)
	processpool.Register(makesMixed)
	processpool.Register(takesWithChan)
	processpool.Register(takesAny)
	processpool.Register(takesSecret)
	processpool.Register(pairLen)
	gob.Register(Mixed{})
}

// Node is a list, which may be cyclic.
type Node struct {
	V    int
	Next *Node
}

// list returns a list of n nodes.
func list(n int) *Node {
	var head *Node
	for i := range n {
		head = &Node{V: i, Next: head}
	}
	return head
}

func listLen(_ context.Context, n *Node) (int, error) {
	k := 0
	for ; n != nil; n = n.Next {
		k++
	}
	return k, nil
}

// Pair may hold the same list twice.
type Pair struct{ A, B *Node }

func pairLen(ctx context.Context, p Pair) (int, error) {
	a, _ := listLen(ctx, p.A)
	b, _ := listLen(ctx, p.B)
	return a + b, nil
}

func makeCycle(context.Context, int) (*Node, error) {
	n := &Node{V: 1}
	n.Next = &Node{V: 2, Next: n}
	return n, nil
}

// Mixed has a field gob would leave out.
type Mixed struct {
	Name  string
	count int
}

func takesMixed(_ context.Context, m Mixed) (int, error) { return m.count, nil }

func makesMixed(_ context.Context, s string) (Mixed, error) { return Mixed{Name: s, count: 42}, nil }

// WithChan has an exported channel field, which gob leaves out.
type WithChan struct {
	Name string
	Done chan struct{}
}

func takesWithChan(context.Context, WithChan) (int, error) { return 0, nil }

func takesAny(context.Context, any) (int, error) { return 0, nil }

// secret has only unexported fields, and encodes itself.
type secret struct{ n int }

func (s secret) MarshalBinary() ([]byte, error) { return []byte(strconv.Itoa(s.n)), nil }

func (s *secret) UnmarshalBinary(b []byte) error {
	var err error
	s.n, err = strconv.Atoi(string(b))
	return err
}

func takesSecret(_ context.Context, s secret) (int, error) { return s.n, nil }
