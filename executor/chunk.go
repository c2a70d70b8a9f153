package executor

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/gocurrent/futures/future"
)

// run is the state shared by the chunks of one map.
type run[A, R any] struct {
	ctx     context.Context
	fn      func(context.Context, A) (R, error)
	chunks  []*chunk[A, R]
	results []R               // every input's result, for Map; chunks hold slices of it
	errs    []error           // every input's error, likewise
	stopped atomic.Bool       // the consumer left: calls not started are cancelled
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
type chunk[A, R any] struct {
	r       *run[A, R]
	lo      int // position of args[0] in the map's input
	args    []A
	results []R
	errs    []error
	left    atomic.Int32 // calls not resolved, when driven by Start/Finish/Fail
	done    chan struct{}

	reported atomic.Int32 // calls counted by the map's progress
}

var _ TypedTask[int, int] = (*chunk[int, int])(nil)

func newChunk[A, R any](r *run[A, R], lo int, args []A, results []R, errs []error) *chunk[A, R] {
	c := &chunk[A, R]{r: r, lo: lo, args: args, results: results, errs: errs, done: make(chan struct{})}
	c.left.Store(int32(len(args)))
	return c
}

func newRun[A, R any](cfg mapConfig, fn func(context.Context, A) (R, error)) *run[A, R] {
	r := &run[A, R]{ctx: cfg.ctx, fn: fn, release: func() bool { return false }, prog: newProgress(cfg.progress)}
	if r.ctx == nil {
		r.ctx = context.Background()
	}
	if r.ctx.Done() != nil {
		r.release = context.AfterFunc(r.ctx, r.stop)
	}
	return r
}

// stop cancels the calls not yet started.
func (r *run[A, R]) stop() { r.stopped.Store(true) }

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
	r.prog.begin(len(args))
	r.chunks = make([]*chunk[A, R], 0, (len(args)+n-1)/n)
	if notify {
		r.notify = make(chan *chunk[A, R], cap(r.chunks))
	}
	r.left.Store(int64(cap(r.chunks)) + 1) // one more for this loop, so onDone cannot run early
	for lo := 0; lo < len(args); lo += n {
		hi := min(lo+n, len(args))
		c := newChunk(r, lo, args[lo:hi], r.results[lo:hi], r.errs[lo:hi])
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

func (c *chunk[A, R]) Run() {
	i := 0
	defer func() {
		for ; i < len(c.args); i++ { // only after a runtime.Goexit in fn
			c.errs[i] = errGoexit
		}
		c.finish()
	}()
	for ; i < len(c.args); i++ {
		if c.r.stopped.Load() {
			c.errs[i] = future.ErrCancelled
			continue
		}
		c.results[i], c.errs[i] = Invoke(c.r.ctx, c.r.fn, c.args[i])
		c.advance(i + 1)
	}
}

func (c *chunk[A, R]) Len() int                 { return len(c.args) }
func (c *chunk[A, R]) Func() any                { return c.r.fn }
func (c *chunk[A, R]) Context() context.Context { return c.r.ctx }
func (c *chunk[A, R]) Arg(i int) A              { return c.args[i] }

func (c *chunk[A, R]) Start(i int) bool {
	if c.r.stopped.Load() {
		c.Fail(i, future.ErrCancelled)
		return false
	}
	return true
}

func (c *chunk[A, R]) Finish(i int, r R, err error) {
	if err == nil {
		c.results[i] = r
	}
	c.Fail(i, err)
}

func (c *chunk[A, R]) Fail(i int, err error) {
	c.errs[i] = err
	left := c.left.Add(-1)
	c.advance(len(c.args) - int(left))
	if left == 0 {
		c.finish()
	}
}

func (c *chunk[A, R]) Cancel() {
	for i := range c.errs {
		c.errs[i] = future.ErrCancelled
	}
	c.finish()
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
