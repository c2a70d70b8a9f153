package executor

import (
	"context"

	"github.com/gocurrent/futures/future"
)

// WorkerTask is implemented by Tasks that can run on a recording Worker:
// those of this package and of package callback. A Task written elsewhere
// may implement it too, with Worker.Context, Begin and End.
type WorkerTask interface {
	Task

	// RunOn is Run on the worker w: each call's outcome is recorded with
	// w.Begin and w.End, and each call's context is w.Context of the
	// task's context, so that the call can read its worker (WorkerFrom).
	RunOn(w *Worker)
}

var (
	_ WorkerTask = (*call[int, int])(nil)
	_ WorkerTask = (*chunk[int, int])(nil)
)

// RunOn runs t as t.Run does, on the worker w: each call's outcome and
// duration are recorded in w's statistics, and each call's context
// carries w's identity (WorkerFrom). A Task not made by this package runs
// with its own Run and is recorded as a whole: one outcome per call,
// counted as done. With a nil w, RunOn is t.Run. In-process executors call
// it from their worker goroutines instead of t.Run.
//
// A Task not made by this package or package callback, and not a
// WorkerTask, runs with its own Run: its calls do not see w.
func RunOn(t Task, w *Worker) {
	if w == nil {
		t.Run()
		return
	}
	if r, ok := t.(WorkerTask); ok {
		r.RunOn(w)
		return
	}
	for range t.Len() - 1 {
		w.End(w.Begin(), nil)
	}
	b := w.Begin()
	t.Run()
	w.End(b, nil)
}

// RunOn implements WorkerTask.
func (c *call[A, R]) RunOn(w *Worker) { RunCall(c, w, c.Context(), c.fn) }

// RunCall performs the one call of t, a task of a single call of fn, as
// its Run or RunOn does: it starts the call with t.Start(0) (skipping it,
// counted cancelled on w, if it may not start), calls fn with t.Arg(0)
// under ctx, which carries w's identity, records the outcome and its
// duration on w, and resolves the call with t.Finish, after w has counted
// it, so that the future's waiters see the count. A panic in fn is a
// *PanicError; a runtime.Goexit in fn fails the call and ends the
// goroutine, as it would without RunCall. w may be nil: nothing is then
// recorded. Tasks written outside this package use it for their Run and
// RunOn.
func RunCall[A, R any](t TypedTask[A, R], w *Worker, ctx context.Context, fn func(context.Context, A) (R, error)) {
	if !t.Start(0) {
		if w != nil {
			w.Cancelled(1)
		}
		return
	}
	var b Begun
	if w != nil {
		b = w.Begin()
		ctx = w.Context(ctx)
	}
	returned := false
	defer func() {
		if !returned {
			if w != nil {
				w.End(b, errGoexit)
			}
			t.Fail(0, errGoexit)
		}
	}()
	r, err := Invoke(ctx, fn, t.Arg(0))
	returned = true
	if w != nil {
		w.End(b, err)
	}
	t.Finish(0, r, err)
}

// RunOn implements WorkerTask.
func (c *chunk[A, R]) RunOn(w *Worker) { c.run(w) }

// run performs the calls in order, recording them on w if w is not nil,
// unless the chunk is already driven call by call (or was run before):
// then it does nothing.
func (c *chunk[A, R]) run(w *Worker) {
	if !c.mode.CompareAndSwap(modeFresh, modeRun) {
		return
	}
	ctx := c.r.ctx
	if w != nil {
		ctx = w.Context(ctx)
	}
	i := 0
	var b Begun
	defer func() {
		if i < len(c.args) && w != nil { // only after a runtime.Goexit in fn
			w.End(b, errGoexit)
		}
		for ; i < len(c.args); i++ {
			c.errs[i] = errGoexit
		}
		c.finish()
	}()
	for ; i < len(c.args); i++ {
		if c.r.isStopped() {
			c.errs[i] = future.ErrCancelled
			if w != nil {
				w.Cancelled(1)
			}
			c.advance(i + 1)
			continue
		}
		if w != nil {
			b = w.Begin()
		}
		c.results[i], c.errs[i] = Invoke(ctx, c.r.fn, c.args[i])
		if w != nil {
			w.End(b, c.errs[i])
		}
		c.advance(i + 1)
	}
}
