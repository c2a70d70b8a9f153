package executor

import (
	"context"
	"errors"
	"iter"
	"sync/atomic"
	"time"

	"github.com/gocurrent/futures/future"
)

// WithContext runs the map's calls under ctx: when ctx ends, the calls not
// yet started are cancelled and the input being waited for yields
// ctx.Err(), as with WithTimeout. It is the context twin of WithTimeout.
func WithContext(ctx context.Context) MapOption {
	return func(c *mapConfig) {
		if ctx == nil && c.err == nil {
			c.err = errors.New("executor: WithContext(nil): pass context.Background() instead")
		}
		c.ctx = ctx
	}
}

// Result is the outcome of one input of MapUnordered.
type Result[R any] struct {
	Value R
	Err   error
}

// Map calls fn on every element of args on e and yields the results in
// input order, as Python's Executor.map. All calls are handed to e when
// Map is called, in chunks (WithChunkSize), with no future per input; the
// iteration waits for each in turn.
//
// A failed call yields its error at its position and the iteration goes on.
// When the WithTimeout deadline passes or the WithContext context ends, the
// input being waited for yields the error, and the iteration stops.
// Leaving the loop early, a deadline or an ended context cancels every call
// not yet started. If e refuses the work (ErrShutdown after Shutdown), the
// iteration yields the results of the chunks it accepted, then one (zero,
// err), and stops. The sequence can be ranged over once.
func Map[A, R any](e Executor, fn func(context.Context, A) (R, error), args []A, opts ...MapOption) iter.Seq2[R, error] {
	cfg := mapOptions(opts)
	if cfg.err != nil {
		return yieldErr[R](cfg.err)
	}
	deadline := time.Now().Add(cfg.timeout)
	r := newRun(cfg, fn)
	r.submit(e, args, cfg.chunkSize(e, len(args)), false)
	var used atomic.Bool
	return func(yield func(R, error) bool) {
		var zero R
		if used.Swap(true) {
			yield(zero, errRangedTwice)
			return
		}
		defer r.leave()
		w := newWaiter(r.ctx, deadline, cfg.timeout)
		defer w.stop()
		for _, c := range r.chunks {
			if err := w.wait(c.done); err != nil {
				yield(zero, err)
				return
			}
			for i := range c.args {
				if !yield(c.results[i], c.errs[i]) {
					return
				}
			}
		}
		if r.err != nil {
			yield(zero, r.err)
		}
	}
}

// MapUnordered is Map yielding each input's position and outcome as soon
// as its chunk is done, in no particular order: Python's
// Pool.imap_unordered, with the index that says which input each result
// belongs to. A deadline, an ended context or a refusal by e yields one
// final (-1, Result{Err: err}).
func MapUnordered[A, R any](e Executor, fn func(context.Context, A) (R, error), args []A, opts ...MapOption) iter.Seq2[int, Result[R]] {
	cfg := mapOptions(opts)
	if cfg.err != nil {
		return func(yield func(int, Result[R]) bool) { yield(-1, Result[R]{Err: cfg.err}) }
	}
	deadline := time.Now().Add(cfg.timeout)
	r := newRun(cfg, fn)
	r.submit(e, args, cfg.chunkSize(e, len(args)), true)
	var used atomic.Bool
	return func(yield func(int, Result[R]) bool) {
		if used.Swap(true) {
			yield(-1, Result[R]{Err: errRangedTwice})
			return
		}
		defer r.leave()
		w := newWaiter(r.ctx, deadline, cfg.timeout)
		defer w.stop()
		for range r.chunks {
			var c *chunk[A, R]
			select {
			case c = <-r.notify:
			case <-w.expired():
				yield(-1, Result[R]{Err: w.timeoutErr()})
				return
			case <-w.ctxDone:
				yield(-1, Result[R]{Err: r.ctx.Err()})
				return
			}
			for i := range c.args {
				if !yield(c.lo+i, Result[R]{c.results[i], c.errs[i]}) {
					return
				}
			}
		}
		if r.err != nil {
			yield(-1, Result[R]{Err: r.err})
		}
	}
}

// MapAsync starts Map's calls and returns one future of all the results in
// input order, as Python's Pool.map_async. The future finishes once every
// call has; if any failed, it fails with a *MapError naming the first
// failure by position; if e refused the work, with e's error. Cancelling it
// cancels the calls not yet started. WithTimeout and WithContext end the
// calls not yet started as cancelled, so the future then fails with a
// *MapError that wraps future.ErrCancelled.
func MapAsync[A, R any](e Executor, fn func(context.Context, A) (R, error), args []A, opts ...MapOption) *future.Future[[]R] {
	f := future.New[[]R]()
	cfg := mapOptions(opts)
	if cfg.err != nil {
		f.SetErr(cfg.err)
		return f
	}
	r := newRun(cfg, fn)
	r.onDone = func() {
		if results, err := r.collect(); err != nil {
			f.SetErr(err)
		} else {
			f.SetResult(results)
		}
	}
	stop := r.stop
	f.AddDoneCallback(func(f *future.Future[[]R]) {
		if f.Cancelled() {
			stop()
		}
	})
	if cfg.timeout > 0 {
		t := time.AfterFunc(cfg.timeout, stop)
		f.AddDoneCallback(func(*future.Future[[]R]) { t.Stop() })
	}
	r.submit(e, args, cfg.chunkSize(e, len(args)), false)
	return f
}

// MapAll runs Map's calls and returns every result, in input order, once
// every call has finished: Python's Pool.map, which does not fail fast. If
// calls failed, the results of the others are still returned, with a
// *MapError naming the first failure by position. When the WithTimeout
// deadline passes or the WithContext context ends first, MapAll returns
// that error and no results, and the calls not yet started are cancelled.
func MapAll[A, R any](e Executor, fn func(context.Context, A) (R, error), args []A, opts ...MapOption) ([]R, error) {
	cfg := mapOptions(opts)
	if cfg.err != nil {
		return nil, cfg.err
	}
	done := make(chan struct{})
	r := newRun(cfg, fn)
	r.onDone = func() { close(done) }
	w := newWaiter(r.ctx, time.Now().Add(cfg.timeout), cfg.timeout)
	defer w.stop()
	r.submit(e, args, cfg.chunkSize(e, len(args)), false)
	if err := w.wait(done); err != nil {
		r.leave()
		return nil, err
	}
	return r.collect()
}

// yieldErr returns a sequence that yields err once.
func yieldErr[R any](err error) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		var zero R
		yield(zero, err)
	}
}
