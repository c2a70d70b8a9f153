package executor

import (
	"context"

	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/claim"
)

// Submit schedules fn(ctx, arg) on e and returns its future; ctx is
// context.Background(). It returns an error at once, and no future, when e
// refuses the task (see Executor.Execute): for example ErrShutdown. Every
// other failure, a panic included, arrives through the future. It is
// Python's Executor.submit. On the thread pool it costs about one
// allocation of the future and its task together.
func Submit[A, R any](e Executor, fn func(context.Context, A) (R, error), arg A) (*future.Future[R], error) {
	return SubmitContext(context.Background(), e, fn, arg)
}

// SubmitContext is Submit with a context. If ctx ends before the call
// starts, the future is cancelled and fn never runs (if ctx has already
// ended, SubmitContext returns a cancelled future and schedules nothing);
// if ctx ends while fn runs, fn sees it through its ctx argument, also in a
// worker process. An executor with a bounded queue gives up waiting for
// room when ctx ends.
func SubmitContext[A, R any](ctx context.Context, e Executor, fn func(context.Context, A) (R, error), arg A) (*future.Future[R], error) {
	c := &call[A, R]{fn: fn, arg: arg}
	if ctx != context.Background() {
		if ctx.Err() != nil {
			c.f.Cancel()
			return &c.f, nil
		}
		c.watch = &watch{ctx: ctx}
		if ctx.Done() != nil {
			c.watch.stop = context.AfterFunc(ctx, func() { c.f.Cancel() })
			// However the future ends (cancelled while queued included),
			// the watch goes with it, so that a long-lived ctx does not
			// keep the call, its argument and its future.
			c.f.AddDoneCallback(func(*future.Future[R]) { c.release() })
		}
	}
	if err := e.Execute(c); err != nil {
		c.release()
		return nil, err
	}
	return &c.f, nil
}

// Apply calls fn(ctx, arg) on e and waits for its result. It is Python's
// Pool.apply.
func Apply[A, R any](e Executor, fn func(context.Context, A) (R, error), arg A) (R, error) {
	f, err := Submit(e, fn, arg)
	if err != nil {
		var zero R
		return zero, err
	}
	return f.Result(0)
}

// call is the Task of one Submit. Its future is embedded, and the context
// of SubmitContext kept apart, so that a Submit costs a single allocation
// of 64 bytes for small A and R.
type call[A, R any] struct {
	f     future.Future[R]
	fn    func(context.Context, A) (R, error)
	arg   A
	watch *watch // nil for context.Background()
}

// watch is the context of a SubmitContext call and the release of the
// context.AfterFunc that cancels the future when the context ends.
type watch struct {
	ctx  context.Context
	stop func() bool // nil if ctx never ends
}

var (
	_ TypedTask[int, int] = (*call[int, int])(nil)
	_ Abandonable         = (*call[int, int])(nil)
	_ claim.Gated         = (*call[int, int])(nil)
)

func (c *call[A, R]) Run() { RunCall(c, nil, c.Context(), c.fn) }

func (c *call[A, R]) Len() int  { return 1 }
func (c *call[A, R]) Func() any { return c.fn }
func (c *call[A, R]) Context() context.Context {
	if c.watch == nil {
		return context.Background()
	}
	return c.watch.ctx
}
func (c *call[A, R]) Arg(int) A      { return c.arg }
func (c *call[A, R]) Start(int) bool { return c.f.SetRunning() }

// Finish resolves the call with fn's outcome. A call already resolved
// keeps its first outcome (SetResult and SetErr change nothing then).
func (c *call[A, R]) Finish(_ int, r R, err error) {
	if err != nil {
		c.f.SetErr(err)
		return
	}
	c.f.SetResult(r)
}

// Fail resolves the call with err, unless it is already resolved.
func (c *call[A, R]) Fail(_ int, err error) { c.f.SetErr(err) }

// Cancel cancels the call if it has not started.
func (c *call[A, R]) Cancel() { c.f.Cancel() }

// SetGate attaches the claim word of a call sent ahead to its future.
func (c *call[A, R]) SetGate(g claim.Gate) bool { return claim.Attach(&c.f, g) }

// OnAbandon calls fn once the call's future is cancelled.
func (c *call[A, R]) OnAbandon(fn func()) {
	c.f.AddDoneCallback(func(f *future.Future[R]) {
		if f.Cancelled() {
			fn()
		}
	})
}

// release lets go of the context watch. It runs as the future's first
// done callback, or when the executor refuses the call.
func (c *call[A, R]) release() {
	if c.watch != nil && c.watch.stop != nil {
		c.watch.stop()
	}
}

// Invoke calls fn(ctx, arg) and turns a panic into a *PanicError. Executors
// that run functions themselves (a worker process) use it.
func Invoke[A, R any](ctx context.Context, fn func(context.Context, A) (R, error), arg A) (r R, err error) {
	defer func() {
		if v := recover(); v != nil {
			var zero R
			r, err = zero, NewPanicError(v)
		}
	}()
	r, err = fn(ctx, arg)
	if err != nil {
		var zero R
		r = zero
	}
	return r, err
}
