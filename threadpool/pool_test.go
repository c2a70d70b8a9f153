package threadpool_test

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

const patience = 10 * time.Second

// gate is a task function that blocks until the channel it is given is
// closed, counting how many calls run at once.
type gate struct {
	mu        sync.Mutex
	now, most int
	open      chan struct{}
	started   chan struct{}
}

func newGate() *gate { return &gate{open: make(chan struct{}), started: make(chan struct{}, 1000)} }

func (g *gate) wait(ctx context.Context, x int) (int, error) {
	g.mu.Lock()
	g.now++
	g.most = max(g.most, g.now)
	g.mu.Unlock()
	g.started <- struct{}{}
	<-g.open
	g.mu.Lock()
	g.now--
	g.mu.Unlock()
	return x, nil
}

func (g *gate) peak() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.most
}

func shutdown(t *testing.T, p *threadpool.Pool) {
	t.Helper()
	require.NoError(t, p.Shutdown(true))
}

func TestNeverMoreThanMaxWorkers(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(3))
	defer shutdown(t, p)
	g := newGate()
	fs := make([]*future.Future[int], 20)
	for i := range fs {
		f, err := executor.Submit(p, g.wait, i)
		require.NoError(t, err)
		fs[i] = f
	}
	for range 3 {
		<-g.started
	}
	require.Never(t, func() bool { return len(g.started) > 0 }, 100*time.Millisecond, 5*time.Millisecond,
		"a fourth call started while three were blocked")
	close(g.open)
	for i, f := range fs {
		v, err := f.Result(patience)
		require.NoError(t, err)
		require.Equal(t, i, v)
	}
	require.Equal(t, 3, g.peak())
	require.Equal(t, 3, p.MaxWorkers())
}

func TestDefaultMaxWorkers(t *testing.T) {
	p := threadpool.New()
	defer shutdown(t, p)
	require.Equal(t, min(32, runtime.GOMAXPROCS(0)+4), p.MaxWorkers())
}

func TestWorkersStartLazilyAndAreReused(t *testing.T) {
	var inits atomic.Int32
	p := threadpool.New(threadpool.WithMaxWorkers(8), threadpool.WithInitializer(func() error {
		inits.Add(1)
		return nil
	}))
	defer shutdown(t, p)
	require.Zero(t, inits.Load(), "a worker started before the first task")
	for i := range 20 {
		v, err := executor.Apply(p, double, i)
		require.NoError(t, err)
		require.Equal(t, 2*i, v)
	}
	// One task at a time: a worker is idle each time, so it is reused. (A
	// task may be submitted in the instant after the previous one's result
	// was set and before its worker is back waiting, which starts a second
	// worker; never more, or workers were not reused.)
	require.LessOrEqual(t, inits.Load(), int32(2))
}

func TestInitializerFailureBreaksThePool(t *testing.T) {
	boom := errors.New("no database")
	started := make(chan struct{})
	p := threadpool.New(threadpool.WithMaxWorkers(1), threadpool.WithInitializer(func() error {
		<-started // hold the worker in its initializer until tasks are queued
		return boom
	}))
	defer shutdown(t, p)
	fs := make([]*future.Future[int], 3)
	for i := range fs {
		f, err := executor.Submit(p, double, i)
		require.NoError(t, err)
		fs[i] = f
	}
	close(started)
	for _, f := range fs {
		err := f.Err(patience)
		require.ErrorIs(t, err, threadpool.ErrBrokenPool)
		require.ErrorIs(t, err, boom)
	}
	_, err := executor.Submit(p, double, 1)
	require.ErrorIs(t, err, threadpool.ErrBrokenPool)
	for _, err := range executor.Map(p, double, []int{1, 2}) {
		require.ErrorIs(t, err, threadpool.ErrBrokenPool)
	}
}

func TestPanickingInitializerBreaksThePool(t *testing.T) {
	p := threadpool.New(threadpool.WithInitializer(func() error { panic("bad config") }))
	defer shutdown(t, p)
	f, err := executor.Submit(p, double, 1)
	require.NoError(t, err)
	err = f.Err(patience)
	require.ErrorIs(t, err, threadpool.ErrBrokenPool)
	var pe *executor.PanicError
	require.ErrorAs(t, err, &pe)
}

func TestInvalidOptionsPanic(t *testing.T) {
	for _, tc := range []struct {
		opt  threadpool.Option
		want string
	}{
		{threadpool.WithMaxWorkers(0), "threadpool: WithMaxWorkers(0): a pool needs at least one worker"},
		{threadpool.WithMaxWorkers(-5), "threadpool: WithMaxWorkers(-5): a pool needs at least one worker"},
		{threadpool.WithQueueSize(0), "threadpool: WithQueueSize(0): the queue must hold at least one task"},
		{threadpool.WithInitializer(nil), "threadpool: WithInitializer(nil): pass a function, or leave the option out"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			require.PanicsWithValue(t, tc.want, func() { threadpool.New(tc.opt) })
		})
	}
}

func double(_ context.Context, x int) (int, error) { return 2 * x, nil }

func TestBoundedQueue(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1), threadpool.WithQueueSize(2))
	defer shutdown(t, p)
	g := newGate()
	running, err := executor.Submit(p, g.wait, 0)
	require.NoError(t, err)
	<-g.started
	for i := range 2 { // fills the queue
		_, err := executor.Submit(p, g.wait, i+1)
		require.NoError(t, err)
	}

	t.Run("SubmitContext gives up when its context ends", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		f, err := executor.SubmitContext(ctx, p, g.wait, 9)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Nil(t, f)
	})

	t.Run("Submit blocks until a worker takes a task", func(t *testing.T) {
		submitted := make(chan error)
		go func() {
			_, err := executor.Submit(p, g.wait, 3)
			submitted <- err
		}()
		select {
		case <-submitted:
			t.Fatal("Submit returned while the queue was full")
		case <-time.After(50 * time.Millisecond):
		}
		close(g.open)
		select {
		case err := <-submitted:
			require.NoError(t, err)
		case <-time.After(patience):
			t.Fatal("Submit still blocked after the queue drained")
		}
	})
	require.NoError(t, running.Err(patience))
}

func TestShutdownReleasesBlockedSubmit(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1), threadpool.WithQueueSize(1))
	g := newGate()
	_, err := executor.Submit(p, g.wait, 0)
	require.NoError(t, err)
	<-g.started
	_, err = executor.Submit(p, g.wait, 1)
	require.NoError(t, err)
	submitted := make(chan error)
	go func() {
		_, err := executor.Submit(p, g.wait, 2)
		submitted <- err
	}()
	require.NoError(t, p.Shutdown(false))
	select {
	case err := <-submitted:
		require.ErrorIs(t, err, executor.ErrShutdown)
	case <-time.After(patience):
		t.Fatal("Submit stayed blocked after Shutdown")
	}
	close(g.open)
	shutdown(t, p)
}

func TestGoexitInTaskFailsOnlyThatTask(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1))
	defer shutdown(t, p)
	exit := func(context.Context, int) (int, error) {
		runtime.Goexit()
		return 0, nil
	}
	f, err := executor.Submit(p, exit, 0)
	require.NoError(t, err)
	after, err := executor.Submit(p, double, 4)
	require.NoError(t, err)
	require.ErrorContains(t, f.Err(patience), "runtime.Goexit")
	v, err := after.Result(patience)
	require.NoError(t, err)
	require.Equal(t, 8, v)
	for _, err := range executor.Map(p, exit, []int{1, 2, 3}, executor.WithChunkSize(3)) {
		require.ErrorContains(t, err, "runtime.Goexit")
	}
}

func TestWorkersCarryPprofLabels(t *testing.T) {
	p := threadpool.New(threadpool.WithName("crawler"))
	defer shutdown(t, p)
	g := newGate()
	f, err := executor.Submit(p, g.wait, 0)
	require.NoError(t, err)
	<-g.started
	var buf bytes.Buffer
	require.NoError(t, pprof.Lookup("goroutine").WriteTo(&buf, 1))
	close(g.open)
	require.NoError(t, f.Err(patience))
	require.Contains(t, buf.String(), `"threadpool":"crawler"`)
	require.Contains(t, buf.String(), `"worker":"1"`)
}

func TestCancelPendingWithBoundedQueueFreesSlots(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1), threadpool.WithQueueSize(1))
	g := newGate()
	running, err := executor.Submit(p, g.wait, 0)
	require.NoError(t, err)
	<-g.started
	queued, err := executor.Submit(p, g.wait, 1)
	require.NoError(t, err)
	done := make(chan error)
	go func() { done <- p.Shutdown(true, executor.CancelPending()) }()
	require.Eventually(t, queued.Cancelled, patience, time.Millisecond)
	close(g.open)
	require.NoError(t, <-done)
	require.NoError(t, running.Err(0))
}

func TestShutdownWaitFromOwnTaskDoesNotHang(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(2))
	stop := func(context.Context, int) (error, error) { return p.Shutdown(true), nil }
	f, err := executor.Submit(p, stop, 0)
	require.NoError(t, err)
	got, err := f.Result(patience)
	require.NoError(t, err)
	require.ErrorIs(t, got, threadpool.ErrShutdownFromTask)
	_, err = executor.Submit(p, double, 1)
	require.ErrorIs(t, err, executor.ErrShutdown)
	shutdown(t, p)
}

func TestCancelledTasksFreeTheirQueueSlots(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1), threadpool.WithQueueSize(5))
	defer shutdown(t, p)
	g := newGate()
	defer close(g.open) // before shutdown, also when the test fails
	_, err := executor.Submit(p, g.wait, 0)
	require.NoError(t, err)
	<-g.started

	ctx, cancel := context.WithCancel(context.Background())
	var queued []*future.Future[int]
	for i := range 5 { // fills the queue
		f, err := executor.SubmitContext(ctx, p, g.wait, i+1)
		require.NoError(t, err)
		queued = append(queued, f)
	}
	blocked := make(chan error)
	go func() { // waits for room: cancelling the queued tasks makes it
		_, err := executor.Submit(p, double, 6)
		blocked <- err
	}()
	for _, f := range queued[:2] {
		require.True(t, f.Cancel())
	}
	select {
	case err := <-blocked:
		require.NoError(t, err)
	case <-time.After(patience):
		t.Fatal("a cancelled task still holds its queue slot")
	}
	cancel() // the context's end frees the rest
	room, stop := context.WithTimeout(context.Background(), patience)
	defer stop()
	for range 3 {
		_, err := executor.SubmitContext(room, p, double, 7)
		require.NoError(t, err, "a task cancelled through its context still holds its queue slot")
	}

	t.Run("a left Map's chunks free theirs too", func(t *testing.T) {
		q := threadpool.New(threadpool.WithMaxWorkers(1), threadpool.WithQueueSize(3))
		defer shutdown(t, q)
		g := newGate()
		defer close(g.open)
		_, err := executor.Submit(q, g.wait, 0)
		require.NoError(t, err)
		<-g.started
		f := executor.MapAsync(q, double, []int{1, 2, 3}, executor.WithChunkSize(1))
		require.True(t, f.Cancel())
		_, err = executor.SubmitContext(room, q, double, 4)
		require.NoError(t, err)
	})
}

func TestInitializerFailingAfterShutdownDoesNotHang(t *testing.T) {
	started, fail := make(chan struct{}), make(chan struct{})
	p := threadpool.New(threadpool.WithInitializer(func() error {
		close(started)
		<-fail
		return errors.New("no database")
	}))
	f, err := executor.Submit(p, double, 1)
	require.NoError(t, err)
	<-started
	require.NoError(t, p.Shutdown(false))
	close(fail)
	done := make(chan error)
	go func() { done <- p.Shutdown(true) }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(patience):
		t.Fatal("Shutdown(true) hangs after an initializer failed during Shutdown")
	}
	require.ErrorIs(t, f.Err(patience), threadpool.ErrBrokenPool)
	_, err = executor.Submit(p, double, 1)
	require.Error(t, err)
}
