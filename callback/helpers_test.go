package callback_test

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

// long bounds every wait for something that must happen; it only matters
// when a test fails, so it is generous.
const long = 10 * time.Second

var (
	errBoom  = errors.New("boom")
	errOther = errors.New("other")
)

// pool returns a thread pool of n workers that is shut down, waiting, when
// the test ends. A pool that does not shut down in time (a task stuck at a
// gate of a failed test) fails the test instead of hanging it.
func pool(t *testing.T, n int) *threadpool.Pool {
	t.Helper()
	p := threadpool.New(threadpool.WithMaxWorkers(n))
	t.Cleanup(func() {
		done := make(chan error, 1)
		go func() { done <- p.Shutdown(true) }()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(long):
			t.Error("the pool did not shut down: a task is stuck")
		}
	})
	return p
}

// executors are the ways a step can run, for table tests: inline and on a
// thread pool.
func executors(t *testing.T) map[string]executor.Executor {
	return map[string]executor.Executor{"inline": nil, "threadpool": pool(t, 2)}
}

// done returns a future that has already succeeded with v.
func done[T any](v T) *future.Future[T] {
	f := future.New[T]()
	f.SetResult(v)
	return f
}

// failed returns a future that has already failed with err.
func failed[T any](err error) *future.Future[T] {
	f := future.New[T]()
	f.SetErr(err)
	return f
}

// cancelled returns a future that has been cancelled.
func cancelled[T any]() *future.Future[T] {
	f := future.New[T]()
	f.Cancel()
	return f
}

// counter counts calls of the functions it makes.
type counter struct{ n atomic.Int64 }

func (c *counter) calls() int { return int(c.n.Load()) }

// double returns a step that counts its calls and doubles its argument.
func (c *counter) double() func(context.Context, int) (int, error) {
	return func(_ context.Context, x int) (int, error) {
		c.n.Add(1)
		return 2 * x, nil
	}
}

func double(_ context.Context, x int) (int, error) { return 2 * x, nil }

func itoa(_ context.Context, x int) (string, error) { return strconv.Itoa(x), nil }

func fail(_ context.Context, _ int) (int, error) { return 0, errBoom }

func explode(_ context.Context, _ int) (int, error) { panic("kaboom") }

// gate blocks the steps that call wait until open is called.
type gate struct {
	once    sync.Once
	ch      chan struct{}
	started chan struct{} // receives once per wait call
}

// newGate returns a closed gate that opens at the latest when the test
// ends, so that a failing test does not leave steps blocked.
func newGate(t *testing.T) *gate {
	g := &gate{ch: make(chan struct{}), started: make(chan struct{}, 1000)}
	t.Cleanup(g.open)
	return g
}

func (g *gate) open() { g.once.Do(func() { close(g.ch) }) }

// wait reports that a step has started and blocks until the gate opens.
func (g *gate) wait() {
	g.started <- struct{}{}
	<-g.ch
}

// step returns a step that waits at the gate and then returns x.
func (g *gate) step() func(context.Context, int) (int, error) {
	return func(_ context.Context, x int) (int, error) {
		g.wait()
		return x, nil
	}
}

// awaitStart waits until a step has passed g.started.
func (g *gate) awaitStart(t *testing.T) {
	t.Helper()
	select {
	case <-g.started:
	case <-time.After(long):
		t.Fatal("no step started")
	}
}

// occupy keeps the only worker of p busy until the returned function is
// called, so that what is submitted next stays queued.
func occupy(t *testing.T, p executor.Executor) func() {
	t.Helper()
	g := newGate(t)
	_, err := executor.Submit(p, g.step(), 0)
	require.NoError(t, err)
	g.awaitStart(t)
	return g.open
}

// result waits for f and returns its outcome, failing the test if f does
// not end in time.
func result[T any](t *testing.T, f *future.Future[T]) (T, error) {
	t.Helper()
	v, err := f.Result(long)
	require.NotErrorIs(t, err, future.ErrTimeout, "the future never ended")
	return v, err
}

// goid returns the id of the calling goroutine, read from the header line
// "goroutine 18 [running]:" of its stack. Tests use it only to tell
// goroutines apart.
func goid() uint64 {
	var buf [64]byte
	s := strings.TrimPrefix(string(buf[:runtime.Stack(buf[:], false)]), "goroutine ")
	id, err := strconv.ParseUint(s[:strings.IndexByte(s, ' ')], 10, 64)
	if err != nil {
		panic("cannot parse goroutine id: " + err.Error())
	}
	return id
}

// tagged is an executor that records which goroutines run its tasks, so
// that a test can tell which executor ran a step.
type tagged struct {
	*threadpool.Pool
	name string
	tags *sync.Map // goroutine id -> executor name
}

func (e *tagged) Execute(t executor.Task) error { return e.Pool.Execute(&taggedTask{t, e}) }

type taggedTask struct {
	executor.Task
	e *tagged
}

func (t *taggedTask) Run() {
	id := goid()
	t.e.tags.Store(id, t.e.name)
	defer t.e.tags.Delete(id)
	t.Task.Run()
}

// where returns the name of the tagged executor whose task is running in
// the calling goroutine, or "caller".
func where(tags *sync.Map) string {
	if name, ok := tags.Load(goid()); ok {
		return name.(string)
	}
	return "caller"
}

// broken is an executor whose Execute panics, as a buggy executor might.
type broken struct{}

func (broken) Execute(executor.Task) error                     { panic("broken executor") }
func (broken) Shutdown(bool, ...executor.ShutdownOption) error { return nil }
