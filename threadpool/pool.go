package threadpool

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"

	"github.com/gocurrent/futures/executor"
)

// Pool runs tasks on up to max workers goroutines, as Python's
// ThreadPoolExecutor. Workers start lazily, one per task while none is
// idle, up to the maximum; idle workers are reused and stay until
// Shutdown. A Pool is safe for concurrent use; always Shutdown a pool you
// made, or its idle workers stay for the life of the program.
type Pool struct {
	cfg    config
	slots  chan struct{} // with WithQueueSize: one element per queued task
	closed chan struct{} // closed at Shutdown or when the pool breaks

	mu     sync.Mutex
	wake   sync.Cond // signalled when a task is queued for an idle worker
	queue  queue
	nextID int   // label of the next worker
	n      int   // live workers
	idle   int   // workers waiting on wake that no Execute has claimed yet
	shut   bool  // Shutdown was called
	broken error // set when an initializer failed
	wg     sync.WaitGroup
	gids   map[uint64]bool // goroutine ids of the live workers
}

var (
	_ executor.Executor = (*Pool)(nil)
	_ executor.Sizer    = (*Pool)(nil)
)

// New returns a pool configured by opts; it starts no goroutine until the
// first task. It panics, with a message starting "threadpool: ", on an
// invalid option.
func New(opts ...Option) *Pool {
	p := &Pool{cfg: defaultConfig(), closed: make(chan struct{}), gids: map[uint64]bool{}}
	for _, opt := range opts {
		opt(&p.cfg)
	}
	p.cfg.validate()
	if p.cfg.queueSize > 0 {
		p.slots = make(chan struct{}, p.cfg.queueSize)
	}
	p.wake.L = &p.mu
	return p
}

// MaxWorkers returns the most tasks the pool runs at once.
func (p *Pool) MaxWorkers() int { return p.cfg.maxWorkers }

// Execute queues t for a worker, starting one if none is idle and the
// maximum is not reached. It returns ErrShutdown after Shutdown and an
// error wrapping ErrBrokenPool once an initializer failed. With
// WithQueueSize it blocks while the queue is full (see there). Most callers
// use executor.Submit or executor.Map instead.
func (p *Pool) Execute(t executor.Task) error {
	if p.slots != nil {
		if err := p.acquire(t.Context()); err != nil {
			return err
		}
	}
	p.mu.Lock()
	if err := p.refusal(); err != nil {
		p.mu.Unlock()
		p.release()
		return err
	}
	p.queue.push(t)
	switch {
	case p.idle > 0:
		p.idle--
		p.wake.Signal()
	case p.n < p.cfg.maxWorkers:
		p.spawn()
	}
	p.mu.Unlock()
	if a, ok := t.(executor.Abandonable); ok && p.slots != nil {
		a.OnAbandon(func() { p.drop(t) })
	}
	return nil
}

// drop takes t out of the bounded queue once it was abandoned (cancelled
// while queued), so that its place goes to the next Submit at once; a task
// a worker already took is left alone. The queue is at most WithQueueSize
// long, which bounds the search.
func (p *Pool) drop(t executor.Task) {
	p.mu.Lock()
	found := p.queue.remove(t)
	p.mu.Unlock()
	if found {
		p.release()
		t.Cancel()
	}
}

// refusal says why the pool takes no more work, if it does not. Called
// with mu held.
func (p *Pool) refusal() error {
	if p.broken != nil {
		return p.broken
	}
	if p.shut {
		return executor.ErrShutdown
	}
	return nil
}

// acquire takes a queue slot, waiting while the queue is full.
func (p *Pool) acquire(ctx context.Context) error {
	select {
	case p.slots <- struct{}{}:
		return nil
	default:
	}
	select {
	case p.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-p.closed:
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.refusal()
	}
}

// release frees the slot of a task that left the queue.
func (p *Pool) release() {
	if p.slots != nil {
		<-p.slots
	}
}

// spawn starts a worker. Called with mu held.
func (p *Pool) spawn() {
	p.n++
	p.nextID++
	p.wg.Add(1)
	go p.worker(p.nextID)
}

func (p *Pool) worker(id int) {
	labels := pprof.Labels("threadpool", p.cfg.name, "worker", strconv.Itoa(id))
	returned := false
	defer func() {
		p.mu.Lock()
		p.n--
		// A task that called runtime.Goexit took this goroutine with it:
		// its future has failed, and a replacement takes the rest.
		if !returned && p.queue.len() > 0 && p.broken == nil {
			p.spawn()
		}
		p.mu.Unlock()
		p.wg.Done()
	}()
	gid := goid()
	p.mu.Lock()
	p.gids[gid] = true
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.gids, gid)
		p.mu.Unlock()
	}()
	pprof.Do(context.Background(), labels, func(context.Context) { p.loop() })
	returned = true
}

// goid returns the id of the calling goroutine, read from the header of
// its stack trace ("goroutine 42 [running]:"). It is slow for Go (about a
// microsecond) and used only to refuse a Shutdown(true) that would wait
// for the goroutine calling it.
func goid() uint64 {
	var buf [64]byte
	b := bytes.TrimPrefix(buf[:runtime.Stack(buf[:], false)], []byte("goroutine "))
	id, _ := strconv.ParseUint(string(b[:max(0, bytes.IndexByte(b, ' '))]), 10, 64)
	return id
}

func (p *Pool) loop() {
	if p.cfg.init != nil {
		if err := runInit(p.cfg.init); err != nil {
			p.fail(err)
			return
		}
	}
	for {
		t := p.next()
		if t == nil {
			return
		}
		t.Run()
	}
}

// next waits for a task; it returns nil when the worker should exit.
func (p *Pool) next() executor.Task {
	p.mu.Lock()
	for p.queue.len() == 0 {
		if p.shut || p.broken != nil {
			p.mu.Unlock()
			return nil
		}
		p.idle++
		p.wake.Wait()
	}
	t := p.queue.pop()
	p.mu.Unlock()
	p.release()
	return t
}

func runInit(fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = executor.NewPanicError(v)
		}
	}()
	return fn()
}

// fail breaks the pool after an initializer failed: queued tasks fail,
// idle workers exit, Execute refuses.
func (p *Pool) fail(cause error) {
	p.mu.Lock()
	if p.broken == nil {
		p.broken = fmt.Errorf("%w: a worker's initializer failed: %w", ErrBrokenPool, cause)
		slog.Error("threadpool: initializer failed; the pool is broken", "pool", p.cfg.name, "err", cause)
		if !p.shut { // Shutdown closed the pool already
			p.close()
		}
	}
	err := p.broken
	ts := p.takeQueue()
	p.mu.Unlock()
	for _, t := range ts {
		for i := range t.Len() {
			t.Fail(i, err)
		}
	}
}

// Shutdown stops the pool accepting tasks (Submit then returns
// ErrShutdown). With wait it returns once every queued and running task is
// done and every worker goroutine has exited; without, it returns at once
// and the workers finish the queue, then exit. CancelPending (or
// Terminate: goroutines cannot be stopped from outside, so running tasks
// still finish) cancels the queued tasks instead. Shutdown may be called
// any number of times, also concurrently. It returns nil, except that
// Shutdown(true) called from one of the pool's own tasks (or a done
// callback running in one) would wait for itself forever: it then acts as
// Shutdown(false) and returns ErrShutdownFromTask.
func (p *Pool) Shutdown(wait bool, opts ...executor.ShutdownOption) error {
	o := executor.ShutdownConfig(opts...)
	p.mu.Lock()
	var err error
	if wait && p.gids[goid()] {
		wait, err = false, ErrShutdownFromTask
	}
	if !p.shut {
		p.shut = true
		if p.broken == nil {
			p.close()
		}
	}
	var ts []executor.Task
	if o.CancelPending {
		ts = p.takeQueue()
	}
	p.mu.Unlock()
	for _, t := range ts {
		t.Cancel()
	}
	if wait {
		p.wg.Wait()
	}
	return err
}

// close wakes everyone who waits for the pool to change: idle workers,
// and Submits waiting for queue room. Called with mu held, once: by the
// first of Shutdown and fail.
func (p *Pool) close() {
	close(p.closed)
	p.idle = 0
	p.wake.Broadcast()
}

// takeQueue empties the queue. Called with mu held.
func (p *Pool) takeQueue() []executor.Task {
	ts := p.queue.drain()
	for range ts {
		p.release()
	}
	return ts
}
