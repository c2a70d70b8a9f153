package executor

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/batch"
	"github.com/gocurrent/futures/internal/claim"
)

// run is the state shared by the chunks of one map.
type run[A, R any] struct {
	ctx     context.Context
	fn      func(context.Context, A) (R, error)
	chunks  []*chunk[A, R]
	results []R             // every input's result, for Map; chunks hold slices of it
	errs    []error         // every input's error, likewise
	states  []atomic.Uint32 // every input's callState, likewise
	done    <-chan struct{} // ctx.Done(), checked before each call
	stopped atomic.Bool     // the consumer left: calls not started are cancelled
	hooksMu sync.Mutex
	hooks   []func()          // OnAbandon's functions, called once stopped
	notify  chan *chunk[A, R] // if set, receives each chunk as it finishes
	left    atomic.Int64      // chunks (plus one for the submitter) not finished
	onDone  func()            // if set, called when the last chunk finishes
	err     error             // why the executor refused chunks[len(chunks)]
	release func() bool       // stops watching ctx
	prog    *progress         // WithProgress; nil without
}

// chunk is the Task of consecutive inputs of a map; it needs no future per
// input: outcomes go straight into slices that the consumer reads once done
// is closed.
//
// A chunk is driven in one of two ways, whichever comes first: by Run, in
// one goroutine, or call by call through Start, Finish, Fail and Cancel.
// Driven call by call, each call's resolution is first-wins (see
// callState), so an executor that redelivers a call, or reports an outcome
// twice, cannot corrupt the map.
type chunk[A, R any] struct {
	r       *run[A, R]
	lo      int // position of args[0] in the map's input
	args    []A
	results []R
	errs    []error
	states  []atomic.Uint32 // each call's callState, when driven call by call
	mode    atomic.Uint32   // a chunkMode
	left    atomic.Int32    // calls not resolved, when driven call by call
	done    chan struct{}

	reported atomic.Int32 // calls counted by the map's progress
	// The claim word of the chunk sent ahead to another process: once
	// the map stops, its calls are cancelled only if they have not
	// started.
	gate claim.Holder
}

// chunkMode says how a chunk is driven; it changes once, from fresh.
const (
	modeFresh uint32 = iota
	modeRun          // Run performs every call; the call-by-call methods do nothing
	modeCalls        // Start, Finish, Fail and Cancel resolve the calls
)

// callState is the life of one call driven call by call: pending ->
// running -> resolved, or pending -> resolved. Only the first resolution
// of a call counts.
const (
	callPending uint32 = iota
	callRunning
	callResolved
)

var (
	_ TypedTask[int, int]  = (*chunk[int, int])(nil)
	_ Abandonable          = (*chunk[int, int])(nil)
	_ claim.Gated          = (*chunk[int, int])(nil)
	_ batch.Task[int, int] = (*chunk[int, int])(nil)
)

func newChunk[A, R any](r *run[A, R], lo int, args []A, results []R, errs []error, states []atomic.Uint32) *chunk[A, R] {
	c := &chunk[A, R]{r: r, lo: lo, args: args, results: results, errs: errs, states: states, done: make(chan struct{})}
	c.left.Store(int32(len(args)))
	return c
}

func newRun[A, R any](cfg mapConfig, fn func(context.Context, A) (R, error)) *run[A, R] {
	r := &run[A, R]{ctx: cfg.ctx, fn: fn, release: func() bool { return false }, prog: newProgress(cfg.progress)}
	if r.ctx == nil {
		r.ctx = context.Background()
	}
	if r.done = r.ctx.Done(); r.done != nil {
		r.release = context.AfterFunc(r.ctx, r.stop)
	}
	return r
}

// stop cancels the calls not yet started.
func (r *run[A, R]) stop() {
	r.hooksMu.Lock()
	r.stopped.Store(true)
	hooks := r.hooks
	r.hooks = nil
	r.hooksMu.Unlock()
	for _, fn := range hooks {
		fn()
	}
}

// onStop calls fn once the run is stopped (at once if it is).
func (r *run[A, R]) onStop(fn func()) {
	r.hooksMu.Lock()
	if !r.isStopped() {
		r.hooks = append(r.hooks, fn)
		fn = nil
	}
	r.hooksMu.Unlock()
	if fn != nil {
		fn()
	}
}

// isStopped reports whether calls not yet started must not start: the
// consumer left, or the context ended. The context is checked here, not
// only through the AfterFunc that sets stopped, because that runs later,
// in a goroutine of its own, while workers keep starting calls.
func (r *run[A, R]) isStopped() bool {
	if r.stopped.Load() {
		return true
	}
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// leave is called when the consumer stops reading: calls not started are
// cancelled and the context watch is released.
func (r *run[A, R]) leave() {
	r.stop()
	r.release()
}

// submit hands args to e in chunks of size n. If e refuses one, the rest
// is not submitted and r.err says why. With notify, finished chunks are
// also sent on r.notify. onDone, if set, runs once every submitted chunk
// has finished.
func (r *run[A, R]) submit(e Executor, args []A, n int, notify bool) {
	r.results, r.errs = make([]R, len(args)), make([]error, len(args))
	r.states = make([]atomic.Uint32, len(args))
	r.prog.begin(len(args))
	r.chunks = make([]*chunk[A, R], 0, (len(args)+n-1)/n)
	if notify {
		r.notify = make(chan *chunk[A, R], cap(r.chunks))
	}
	r.left.Store(int64(cap(r.chunks)) + 1) // one more for this loop, so onDone cannot run early
	for lo := 0; lo < len(args); lo += n {
		hi := min(lo+n, len(args))
		c := newChunk(r, lo, args[lo:hi], r.results[lo:hi], r.errs[lo:hi], r.states[lo:hi])
		if err := e.Execute(c); err != nil {
			r.err = err
			break
		}
		r.chunks = append(r.chunks, c)
	}
	r.chunkDone(int64(cap(r.chunks)-len(r.chunks)) + 1)
}

// collect returns the results of a finished map and a *MapError if calls
// failed.
func (r *run[A, R]) collect() ([]R, error) {
	if r.err != nil {
		return nil, r.err
	}
	var me *MapError
	for i, err := range r.errs {
		if err == nil {
			continue
		}
		if me == nil {
			me = &MapError{Index: i, Total: len(r.errs), Err: err}
		}
		me.Failed++
	}
	if me != nil {
		return r.results, me
	}
	return r.results, nil
}

func (r *run[A, R]) chunkDone(n int64) {
	if r.left.Add(-n) != 0 {
		return
	}
	r.release()
	if r.onDone != nil {
		r.onDone()
	}
}

// Run performs the calls in order, unless the chunk is already driven
// call by call (or was run before): then it does nothing.
func (c *chunk[A, R]) Run() { c.run(nil) }

// OnAbandon calls fn once the map is left, cancelled or its context ends.
func (c *chunk[A, R]) OnAbandon(fn func()) { c.r.onStop(fn) }

func (c *chunk[A, R]) Len() int                 { return len(c.args) }
func (c *chunk[A, R]) Func() any                { return c.r.fn }
func (c *chunk[A, R]) Context() context.Context { return c.r.ctx }
func (c *chunk[A, R]) Arg(i int) A              { return c.args[i] }

// byCalls reports whether the chunk is driven call by call, making it so
// if it is fresh.
func (c *chunk[A, R]) byCalls() bool {
	m := c.mode.Load()
	return m == modeCalls || m == modeFresh && (c.mode.CompareAndSwap(modeFresh, modeCalls) || c.mode.Load() == modeCalls)
}

// Start marks call i running. It returns false, and the call must not run,
// if the map was left or its context ended (the call is then resolved as
// cancelled), or if the call was already started or resolved.
func (c *chunk[A, R]) Start(i int) bool {
	if !c.byCalls() {
		return false
	}
	if c.r.isStopped() && !c.gate.StartedElsewhere() {
		c.resolve(i, *new(R), future.ErrCancelled, callPending)
		return false
	}
	return c.states[i].CompareAndSwap(callPending, callRunning)
}

// Args implements batch.Task: the chunk's arguments.
func (c *chunk[A, R]) Args() []A { return c.args }

// StartCalls implements batch.Task: Start for calls idx (nil: all), with
// the map's state checked once.
func (c *chunk[A, R]) StartCalls(idx []int) []int {
	if !c.byCalls() {
		return []int{}
	}
	n := len(c.args)
	if idx != nil {
		n = len(idx)
	}
	at := func(k int) int {
		if idx != nil {
			return idx[k]
		}
		return k
	}
	if c.r.isStopped() && !c.gate.StartedElsewhere() {
		for k := range n {
			c.resolve(at(k), *new(R), future.ErrCancelled, callPending)
		}
		return []int{}
	}
	var out []int // nil while every call so far started
	for k := range n {
		i := at(k)
		switch {
		case c.states[i].CompareAndSwap(callPending, callRunning):
			if out != nil {
				out = append(out, i)
			}
		case out == nil:
			out = make([]int, k, n)
			for j := range k {
				out[j] = at(j)
			}
		}
	}
	return out
}

// FinishCalls implements batch.Task: Finish for calls idx (nil: all),
// with the chunk's count of calls left updated once.
func (c *chunk[A, R]) FinishCalls(idx []int, vals []R, errs []error) {
	if !c.byCalls() {
		return
	}
	n := 0
	for k, v := range vals {
		i := k
		if idx != nil {
			i = idx[k]
		}
		if !c.take(i, callRunning) {
			continue
		}
		var err error
		if errs != nil {
			err = errs[k]
		}
		if err == nil {
			c.results[i] = v
		}
		c.errs[i] = err
		n++
	}
	c.ended(n)
}

// SetGate attaches the claim word of the chunk sent ahead, which is
// cancelled as soon as the map stops; it reports false if the map already
// stopped.
func (c *chunk[A, R]) SetGate(g claim.Gate) bool {
	c.gate.Set(g)
	if g != nil {
		c.r.onStop(func() { g.Cancel() })
	}
	return !c.r.isStopped()
}

// Finish resolves call i with the function's outcome; a call already
// resolved keeps its first outcome.
func (c *chunk[A, R]) Finish(i int, r R, err error) {
	if c.byCalls() {
		c.resolve(i, r, err, callRunning)
	}
}

// Fail resolves call i, started or not, with err; a call already resolved
// keeps its first outcome.
func (c *chunk[A, R]) Fail(i int, err error) {
	if c.byCalls() {
		c.resolve(i, *new(R), err, callRunning)
	}
}

// Cancel resolves every call not yet started as cancelled; started and
// resolved calls are left as they are.
func (c *chunk[A, R]) Cancel() {
	if !c.byCalls() {
		return
	}
	for i := range c.states {
		c.resolve(i, *new(R), future.ErrCancelled, callPending)
	}
}

// resolve records the outcome of call i if it is not resolved yet and its
// state is at most upTo (callPending: only a call that never started). The
// last resolution of the chunk finishes it.
func (c *chunk[A, R]) resolve(i int, r R, err error, upTo uint32) {
	if !c.take(i, upTo) {
		return
	}
	if err == nil {
		c.results[i] = r
	}
	c.errs[i] = err
	c.ended(1)
}

// take moves call i to resolved if it is not resolved yet and its state
// is at most upTo, and reports whether it did: the caller then records
// the outcome and calls ended.
func (c *chunk[A, R]) take(i int, upTo uint32) bool {
	for {
		s := c.states[i].Load()
		if s > upTo {
			return false
		}
		if c.states[i].CompareAndSwap(s, callResolved) {
			return true
		}
	}
}

// ended counts n more calls resolved; the last resolution of the chunk
// finishes it.
func (c *chunk[A, R]) ended(n int) {
	if n == 0 {
		return
	}
	left := c.left.Add(-int32(n))
	c.advance(len(c.args) - int(left))
	if left == 0 {
		c.finish()
	}
}

func (c *chunk[A, R]) finish() {
	c.advance(len(c.args))
	close(c.done)
	if c.r.notify != nil {
		c.r.notify <- c // never blocks: notify has room for every chunk
	}
	c.r.chunkDone(1)
}

// waiter bounds the consumer's waits by the map's deadline and context.
type waiter struct {
	timer   *time.Timer
	ctxDone <-chan struct{}
	ctx     context.Context
	timeout time.Duration
}

func newWaiter(ctx context.Context, deadline time.Time, timeout time.Duration) *waiter {
	w := &waiter{ctxDone: ctx.Done(), ctx: ctx, timeout: timeout}
	if timeout > 0 {
		w.timer = time.NewTimer(time.Until(deadline))
	}
	return w
}

func (w *waiter) stop() {
	if w.timer != nil {
		w.timer.Stop()
	}
}

func (w *waiter) expired() <-chan time.Time {
	if w.timer == nil {
		return nil
	}
	return w.timer.C
}

// wait waits for done; a done chunk is returned even past the deadline, as
// Python's result(timeout) returns a finished result.
func (w *waiter) wait(done <-chan struct{}) error {
	select {
	case <-done:
		return nil
	default:
	}
	select {
	case <-done:
		return nil
	case <-w.expired():
		return w.timeoutErr()
	case <-w.ctxDone:
		return w.ctx.Err()
	}
}

func (w *waiter) timeoutErr() error {
	return fmt.Errorf("%w: the map's deadline of %v passed", future.ErrTimeout, w.timeout)
}
