package processpool

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/wire"
)

// Pool runs registered functions in worker processes, as Python's
// ProcessPoolExecutor and multiprocessing.Pool. Workers start lazily, one
// per task while none is idle, up to the maximum; idle ones are reused and
// stay until Shutdown. A Pool is safe for concurrent use. Always Shutdown
// a pool you made: its idle workers otherwise live as long as the program.
//
// A Submit and its result cost a round trip over a worker's pipes, a
// median of 35-60 µs on a small, shared 2-core virtual machine (Python's:
// 110-220 µs). Calls are sent ahead while they wait, so 2 workers
// complete 270-390k trivial Submits a second, and Map sends a whole chunk
// per call, 90-110 ns per int (docs/benchmarks.md).
type Pool struct {
	cfg config
	exe string
	ids atomic.Uint64 // call ids

	probes sync.Pool // *wire.Probe, for Submit's encoding check

	mu           sync.Mutex
	queue        queue
	idle         []*worker
	workers      map[*worker]struct{}
	n            int  // workers started or starting
	starting     int  // workers not yet through their handshake
	everReady    bool // a worker passed its handshake: workers can start
	shut         bool // Shutdown was called
	terminated   bool // Shutdown was called with Terminate: nothing runs any more
	broken       error
	failedStarts int          // consecutive workers that failed to start, transiently
	spawnCh      chan *worker // to the spawner goroutine; nil until the first worker
	spawnClosed  bool
	gids         map[uint64]struct{} // the goroutines of wg, which run done callbacks
	wg           sync.WaitGroup      // the spawner and each worker's reader

	stats     *executor.Collector
	workerIDs atomic.Int64 // the number of the last worker started

	sweepMu  sync.Mutex
	sweeper  *time.Timer  // summons the readers resting while a call is in flight (rest.go); made on first use
	sweeping atomic.Bool  // sweeper is armed
	resting  atomic.Int32 // readers that rest (rest.go)

	waiterReads atomic.Int64 // answers read by their waiters (rest.go), for the tests
}

var (
	_ executor.Executor = (*Pool)(nil)
	_ executor.Sizer    = (*Pool)(nil)
)

// New returns a pool configured by opts. It starts no process until the
// first task. It returns an error, and starts nothing, if Main was not
// called in this process (ErrNoMain), if an option is invalid, or if the
// program's executable cannot be found.
func New(opts ...Option) (*Pool, error) {
	if !mainCalled.Load() {
		return nil, ErrNoMain
	}
	if !supported {
		return nil, errUnsupported
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if cfg.err != nil {
		return nil, cfg.err
	}
	exe := cfg.exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("processpool: cannot find this program's executable to start workers: %w", err)
		}
	}
	p := &Pool{cfg: cfg, exe: exe, workers: map[*worker]struct{}{}, gids: map[uint64]struct{}{}}
	p.probes.New = func() any { return wire.NewProbe() }
	p.newCollector()
	return p, nil
}

// MaxWorkers returns the most worker processes the pool runs at once.
func (p *Pool) MaxWorkers() int { return p.cfg.maxWorkers }

// Execute sends t to an idle worker, or queues it for the next free one,
// starting a worker if fewer than the maximum run. It returns an error at
// once, and runs nothing, if t's function is not registered
// (ErrNotRegistered), an argument cannot be encoded (ErrEncoding), the
// pool is shut down (executor.ErrShutdown) or broken (ErrBrokenPool). It
// never blocks on a worker, except to write t's arguments to an idle one.
// Most callers use executor.Submit or executor.Map instead.
func (p *Pool) Execute(t executor.Task) error {
	e, err := lookup(t.Func())
	if err != nil {
		return err
	}
	probe := p.probes.Get().(*wire.Probe)
	err = e.check(t, probe)
	p.probes.Put(probe)
	if err != nil {
		return err
	}
	if t.Len() == 0 {
		return nil
	}
	return p.dispatch(newPending(t, e))
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

// dispatch hands pd to a worker, or queues it. A new task is refused (the
// error is returned) if the pool is shut down or broken; one the pool
// took earlier (sent to a worker that died, or taken back) is resolved
// instead.
func (p *Pool) dispatch(pd pending) error {
	fresh := !pd.taken
	for {
		p.mu.Lock()
		if err := p.refusal(); err != nil && !pd.taken {
			p.mu.Unlock()
			return err
		}
		pd.taken = true
		w := p.pick(&pd)
		if w == nil || w.load > 1 {
			p.summonAll() // pd waits: a worker whose answer waits unread may take it, or take it back
		}
		if w == nil {
			err := p.enqueue(pd, fresh)
			p.mu.Unlock()
			if err != nil {
				p.unqueued(pd, err)
			}
			return nil
		}
		p.mu.Unlock()
		switch w.start(&pd) {
		case started:
			return nil
		case skipped: // cancelled meanwhile: the worker looks for other work
			w.next(1)
			return nil
		case full: // back to the queue, ahead of what came since
			p.requeue(pd)
			w.next(1)
			return nil
		case gone: // the worker died under us: try another
			p.mu.Lock()
			w.takes = false
			w.load--
			p.mu.Unlock()
		}
	}
}

// requeue puts a task too large to send ahead back at the queue's front,
// for the next worker that becomes idle.
func (p *Pool) requeue(pd pending) {
	pd.taken, pd.big = true, true
	p.mu.Lock()
	err := p.enqueue(pd, false)
	p.mu.Unlock()
	if err != nil {
		p.unqueued(pd, err)
	}
}

// redispatch sends a task the pool took to a worker again.
func (p *Pool) redispatch(pd pending) {
	pd.taken = true
	_ = p.dispatch(pd) // never refused
}

// unqueued resolves a task no worker can take: a task never claimed is
// cancelled if the pool was terminated, else failed with err.
func (p *Pool) unqueued(pd pending, err error) {
	if !pd.claimed && errors.Is(err, errTerminatedTask) {
		pd.t.Cancel()
		return
	}
	pd.failAll(err)
}

// pick chooses the worker to send pd to, and counts pd as given to it: an
// idle one; else, if no more workers may start and pd can be sent ahead,
// the least busy worker with room. It returns nil if pd must wait in the
// queue. Called with mu held.
func (p *Pool) pick(pd *pending) *worker {
	if w := p.popIdle(); w != nil {
		w.give()
		return w
	}
	if pd.gated == nil || p.n < p.cfg.maxWorkers || p.queue.len() > 0 {
		return nil
	}
	var best *worker
	for w := range p.workers {
		if w.takes && w.claims != nil && w.room() > 0 && (best == nil || w.load < best.load) {
			best = w
		}
	}
	if best != nil {
		best.give()
	}
	return best
}

// cancelAhead cancels the calls sent ahead to w that have not started:
// the worker skips them, and its answers resolve them as cancelled.
func (w *worker) cancelAhead() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, inf := range w.win {
		if inf.gate != nil && !inf.recalled {
			inf.gate.move(claimCancelled)
		}
	}
}

// enqueue queues pd and starts a worker if the pool may. It returns the
// error to fail pd with if no worker can take it. Called with mu held.
func (p *Pool) enqueue(pd pending, fresh bool) error {
	switch {
	case p.broken != nil:
		return p.broken
	case p.terminated:
		return errTerminatedTask
	case p.spawnClosed: // shut down, and its last worker died under pd
		return fmt.Errorf("%w before the task reached it", ErrWorkerExited)
	}
	if !fresh {
		p.queue.pushFront(pd) // it was sent before those queued
	} else {
		p.queue.push(pd)
	}
	if p.needWorker() {
		p.spawn(0)
	}
	return nil
}

// needWorker reports whether the queue holds more tasks than the workers
// now starting will take, and the pool may start another. Busy workers
// are not counted: a task waits for one only if none is idle or starting,
// as Python's pool does. Called with mu held.
func (p *Pool) needWorker() bool {
	return p.queue.len() > p.starting && p.n < p.cfg.maxWorkers
}

// popIdle takes the most recently idle worker. Called with mu held.
func (p *Pool) popIdle() *worker {
	n := len(p.idle)
	if n == 0 {
		return nil
	}
	w := p.idle[n-1]
	p.idle[n-1] = nil
	p.idle = p.idle[:n-1]
	return w
}

func (p *Pool) removeIdle(w *worker) {
	for i, x := range p.idle {
		if x == w {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			return
		}
	}
}

// Shutdown stops the pool accepting tasks (Submit then returns
// executor.ErrShutdown) and lets its workers exit once the queue is done.
// With wait it returns once every queued and running task is done and
// every worker process has exited and been reaped, and the pool's
// goroutines and file descriptors are gone; without, it returns at once.
// With executor.CancelPending the queued tasks are cancelled instead of
// run; with executor.Terminate the workers are also killed at once, and
// their running tasks fail with an *ExitError whose Cause says the pool
// was terminated (Python's Pool.terminate). Shutdown may be called any
// number of times, also concurrently. It returns nil, except that
// Shutdown(true) called from a done callback that runs in one of the
// pool's goroutines (those of the futures a worker's result resolves)
// would wait for itself forever: it then acts as Shutdown(false) and
// returns ErrShutdownFromCallback.
func (p *Pool) Shutdown(wait bool, opts ...executor.ShutdownOption) error {
	o := executor.ShutdownConfig(opts...)
	var err error
	if wait && p.owns(goid()) {
		wait, err = false, ErrShutdownFromCallback
	}
	p.mu.Lock()
	p.shut = true
	p.terminated = p.terminated || o.Terminate
	var cancel, keep []pending
	if o.CancelPending {
		for _, pd := range p.queue.drain() {
			if pd.claimed && !o.Terminate {
				keep = append(keep, pd) // running as far as its futures know
			} else {
				cancel = append(cancel, pd)
			}
		}
		for _, pd := range keep {
			p.queue.push(pd)
		}
	}
	idle := p.idle
	p.idle = nil
	for _, w := range idle {
		w.takes = false
	}
	var all []*worker
	for w := range p.workers {
		all = append(all, w)
	}
	p.maybeStopSpawner()
	p.mu.Unlock()
	for _, w := range all {
		w.summon() // each answer read makes its worker retire once it has no more
	}
	for _, w := range idle {
		w.retire()
	}
	if o.CancelPending {
		for _, w := range all {
			w.cancelAhead()
		}
	}
	if o.Terminate {
		for _, w := range all {
			w.kill(errTerminated)
		}
	}
	p.discard(cancel, future.ErrCancelled)
	for _, pd := range cancel {
		if pd.claimed {
			pd.failAll(errTerminatedTask)
		} else {
			pd.t.Cancel()
		}
	}
	if wait {
		p.wg.Wait()
		p.sweepMu.Lock()
		if p.sweeper != nil {
			p.sweeper.Stop()
		}
		p.sweepMu.Unlock()
	}
	return err
}
