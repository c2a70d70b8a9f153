package processpool

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/wire"
)

// maxFailedStarts is how many workers in a row may fail to start,
// transiently, before a pool none of whose workers ever started counts as
// broken. Once one started, transient failures are retried for ever.
const maxFailedStarts = 3

// Transient start failures are retried after a delay that doubles from
// minBackoff to maxBackoff.
const (
	minBackoff = 10 * time.Millisecond
	maxBackoff = time.Second
)

// startError is why a worker did not start. A transient one (the process
// died before its handshake, perhaps killed from outside; the system was
// out of processes or descriptors) is retried; the others (the executable
// is missing or is not a worker, the initializer failed) break the pool at
// once.
type startError struct {
	err       error
	transient bool
}

// backoff is the delay before retrying the n-th transient failure in a
// row (n >= 1).
func backoff(n int) time.Duration {
	if n > 7 {
		return maxBackoff
	}
	return min(minBackoff<<(n-1), maxBackoff)
}

func (e *startError) Error() string { return e.err.Error() }

// spawn starts a worker: the spawner goroutine starts its process after
// delay. Called with mu held.
func (p *Pool) spawn(delay time.Duration) {
	p.n++
	p.starting++
	w := &worker{p: p, enc: wire.NewEncoder(), delay: delay, ahead: aheadBytes, wake: make(chan struct{}, 1)}
	p.workers[w] = struct{}{}
	if p.spawnCh == nil {
		p.spawnCh = make(chan *worker, p.cfg.maxWorkers)
		p.wg.Add(1)
		go p.spawner()
	}
	p.spawnCh <- w // never blocks: at most maxWorkers are starting
}

// spawner starts worker processes from one OS thread that lives as long as
// the workers: Linux sends a worker its parent-death signal when the
// thread that started it ends, not only the process.
func (p *Pool) spawner() {
	defer p.wg.Done()
	defer p.own()()
	runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
	for w := range p.spawnCh {
		if w.delay > 0 {
			time.Sleep(w.delay) // at most maxBackoff; Terminate meanwhile makes launch fail
		}
		if err := p.launch(w); err != nil {
			p.startFailed(w, err)
		}
	}
}

// maybeStopSpawner ends the spawner once no worker can be needed any more.
// Called with mu held.
func (p *Pool) maybeStopSpawner() {
	if p.shut && p.n == 0 && p.spawnCh != nil && !p.spawnClosed {
		p.spawnClosed = true
		close(p.spawnCh)
	}
}

// launch starts w's process with its two pipes and its reader goroutine.
func (p *Pool) launch(w *worker) *startError {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dead {
		return &startError{err: w.cause}
	}
	env := append(workerEnv(), p.identityEnv(w)...)
	// Without a claim page (the system has no shared memory to spare),
	// the worker still works, one task at a time.
	claims, cf, cerr := newClaimPage()
	var extra []*os.File
	if cerr == nil {
		env = append(env, envClaims+"=1")
		extra = append(extra, cf)
	}
	cmd, toW, fromR, err := startProcess(p.exe, env, extra...)
	if cf != nil {
		cf.Close() // the worker has its own descriptor now
	}
	if err != nil {
		claims.release()
		return &startError{err: fmt.Errorf("cannot start a worker process: %w", err), transient: transientStart(err)}
	}
	w.claims = claims
	w.cmd, w.pid, w.toW, w.fromW = cmd, cmd.Process.Pid, toW, fromR
	w.out = newPipeWriter(toW)
	w.dec = wire.NewDecoder(fromR)
	w.dec.SetStallTimeout(p.cfg.stall)
	w.track()
	p.wg.Add(1)
	go w.run()
	return nil
}

// handshake reads the worker's hello and runs the initializer.
func (w *worker) handshake() *startError {
	k, err := w.dec.Next()
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &startError{err: fmt.Errorf("worker process %d exited during its handshake", w.pid), transient: true}
	}
	var h wire.Hello
	if err == nil && k != wire.KindHello {
		err = fmt.Errorf("%w: first frame of kind %d", wire.ErrProtocol, k)
	}
	if err == nil {
		err = w.dec.Head(&h)
	}
	if err == nil {
		err = w.dec.End()
	}
	if err == nil && (h.Magic != wire.Magic || h.Version != wire.Version || h.PID != w.pid) {
		err = fmt.Errorf("it is not a worker of this version (%q version %d pid %d)", h.Magic, h.Version, h.PID)
	}
	if err != nil {
		return &startError{err: fmt.Errorf("worker process %d failed its handshake: %w", w.pid, err)}
	}
	return w.initialize()
}

// initialize runs the pool's initializer in the worker, if it has one.
func (w *worker) initialize() *startError {
	in := w.p.cfg.init
	if in == nil {
		return nil
	}
	w.enc.Begin()
	l, err := in.send(w.enc)
	if err == nil {
		w.enc.Head(&wire.Call{Func: in.e.name(), N: 1, Discard: true, Values: l})
		_, err = w.enc.WriteTo(w.out)
	}
	var r wire.Result
	if err == nil {
		err = w.readInit(&r)
	}
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return &startError{err: fmt.Errorf("worker process %d exited running the initializer", w.pid), transient: true}
	case err != nil:
		return &startError{err: fmt.Errorf("worker process %d failed running the initializer: %w", w.pid, err)}
	case len(r.Errs) > 0:
		return &startError{err: fmt.Errorf("the initializer %s failed: %w", shortName(in.e.name()), fromWire(in.e.name(), r.Errs[0], w.pid))}
	}
	return nil
}

func (w *worker) readInit(r *wire.Result) error {
	k, err := w.dec.Next()
	if err != nil {
		return err
	}
	if k != wire.KindResult {
		return fmt.Errorf("%w: frame of kind %d", wire.ErrProtocol, k)
	}
	if err := w.dec.Head(r); err != nil {
		return err
	}
	return w.dec.End()
}

// abort ends a worker that did not start.
func (w *worker) abort(err *startError) {
	w.kill(nil)
	status := w.reap()
	w.claims.release()
	w.setState(executor.WorkerExited)
	if err.transient {
		err.err = fmt.Errorf("%w (%s)", err.err, status)
	}
	w.p.startFailed(w, err)
}

// startFailed counts a worker that did not start, retries transient
// failures after a backoff, and breaks the pool if workers cannot start:
// at once for a failure that is not transient, and after maxFailedStarts
// transient ones in a row if no worker ever started.
func (p *Pool) startFailed(w *worker, err *startError) {
	w.mu.Lock()
	killed := w.cause != nil // Terminate: not a failure
	w.mu.Unlock()
	p.mu.Lock()
	p.n--
	p.starting--
	delete(p.workers, w)
	var fail []pending
	var idle []*worker
	switch {
	case killed:
	case err.transient && (p.everReady || p.failedStarts < maxFailedStarts-1):
		p.failedStarts++
		if p.broken == nil && !p.terminated && p.needWorker() {
			p.spawn(backoff(p.failedStarts))
		}
	default:
		fail, idle = p.breakLocked(err)
	}
	p.maybeStopSpawner()
	broken := p.broken
	p.mu.Unlock()
	for _, w := range idle {
		w.retire()
	}
	for _, pd := range fail {
		pd.failAll(broken)
	}
}

// breakLocked marks the pool broken and returns the tasks to fail and the
// idle workers to retire. Called with mu held.
func (p *Pool) breakLocked(err *startError) ([]pending, []*worker) {
	if p.broken == nil {
		p.broken = fmt.Errorf("%w: %w", ErrBrokenPool, err.err)
		slog.Error("processpool: workers cannot start; the pool is broken", "err", err.err)
	}
	idle := p.idle
	p.idle = nil
	for _, w := range idle {
		w.takes = false
	}
	return p.queue.drain(), idle
}

// ready puts a worker that passed its handshake to work.
func (p *Pool) ready(w *worker) {
	p.mu.Lock()
	p.failedStarts = 0
	p.starting--
	p.everReady = true
	w.ready = true
	w.takes = true
	if p.queue.len() == 0 && !p.shut && p.broken == nil {
		// Idle at once, in the same critical section that stopped counting
		// it as starting: a Submit meanwhile must find it, not start
		// another worker.
		p.idle = append(p.idle, w)
		p.mu.Unlock()
		p.steal(w)
		return
	}
	p.mu.Unlock()
	w.next(0)
}

// exited forgets a worker that ended, and starts another if work waits.
func (p *Pool) exited(w *worker) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n--
	delete(p.workers, w)
	p.removeIdle(w)
	if p.broken == nil && !p.terminated && p.needWorker() {
		p.spawn(0)
	}
	p.maybeStopSpawner()
}

// workerEnv is the parent's environment plus the worker marker, and
// GOMAXPROCS=1 unless the environment sets GOMAXPROCS: a pool's
// parallelism is its number of workers, and a worker with one processor
// answers faster, since handing a message between goroutines then never
// wakes another thread.
func workerEnv() []string {
	env := append(os.Environ(), envWorker+"=1")
	if _, ok := os.LookupEnv("GOMAXPROCS"); !ok {
		env = append(env, "GOMAXPROCS=1")
	}
	return env
}
