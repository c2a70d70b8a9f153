package callback

import (
	"context"
	"errors"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// Then returns the future of fn applied to f's value: when f succeeds, fn
// runs with its value on e, or inline, in the goroutine that completed f,
// when e is nil (at once, in the caller, if f is already done). If f fails
// or is cancelled, the returned future fails with the same error (for a
// cancelled f, future.ErrCancelled) and fn never runs. It is JavaScript's
// then, CompletableFuture's thenApply(Async) and Scala's map.
//
// The step costs no goroutine: it is a done callback of f and then a task
// of e, about 300 ns and a few hundred bytes inline on a 2-core machine. It is pending while it waits for f and while queued on e, running
// while fn runs. Cancelling the returned future while it is pending
// cancels f too if f is still pending, so cancelling the last future of a
// chain cancels every step that has not started; fn then never runs. A
// step that has started is not stopped. If f also feeds other steps, they
// see f cancelled.
//
// A panic in fn fails the returned future with a *executor.PanicError. If
// e refuses the task (executor.ErrShutdown), the returned future fails with
// e's error. fn gets context.Background(). Handing the step to an executor
// with a bounded queue blocks the goroutine that completed f until there is
// room. Then panics if f or fn is nil.
func Then[A, B any](f *future.Future[A], e executor.Executor, fn func(context.Context, A) (B, error)) *future.Future[B] {
	must(f != nil, "Then", "future")
	must(fn != nil, "Then", "function")
	s := link(f, fn)
	f.AddDoneCallback(func(f *future.Future[A]) {
		v, err := f.Result(0)
		if err != nil {
			s.f.SetErr(err)
			return
		}
		s.start(e, v)
	})
	return &s.f
}

// Catch returns a future that recovers from f's failure: if f succeeds,
// the returned future gets its value and fn never runs; if f fails or is
// cancelled, fn runs with the error (future.ErrCancelled for a cancelled
// f) on e, or inline when e is nil, and the returned future gets what fn
// returns, so fn may supply a fallback value or fail again with the same
// or another error. It is JavaScript's catch, CompletableFuture's
// exceptionally and Scala's recover. Executors, cancellation and panics
// work as for Then. Catch panics if f or fn is nil.
//
// On an executor.Remote (a process pool) Catch returns a future failed at
// once with ErrRemoteStep and never runs fn: an error value does not cross
// to a worker process intact. Catch inline or on a thread pool, and Then
// a registered function on the process pool.
func Catch[T any](f *future.Future[T], e executor.Executor, fn func(context.Context, error) (T, error)) *future.Future[T] {
	must(f != nil, "Catch", "future")
	must(fn != nil, "Catch", "function")
	if err := local(e, "Catch", "an error value"); err != nil {
		return failed[T](err)
	}
	s := link(f, fn)
	f.AddDoneCallback(func(f *future.Future[T]) {
		v, err := f.Result(0)
		if err == nil {
			s.f.SetResult(v)
			return
		}
		s.start(e, err)
	})
	return &s.f
}

// outcome is a done future's value and error, the argument of the steps
// that run whatever the outcome.
type outcome[T any] struct {
	v   T
	err error
}

// Handle returns the future of fn applied to f's outcome, whatever it is:
// fn runs with f's value and a nil error if f succeeded, or a zero value
// and f's error (future.ErrCancelled if it was cancelled), on e or inline
// when e is nil. The returned future gets what fn returns. It is
// CompletableFuture's handle and Scala's transform. Executors,
// cancellation and panics work as for Then. Handle panics if f or fn is
// nil. On an executor.Remote (a process pool) it returns a future failed
// at once with ErrRemoteStep, as Catch does.
func Handle[A, B any](f *future.Future[A], e executor.Executor, fn func(ctx context.Context, v A, err error) (B, error)) *future.Future[B] {
	must(f != nil, "Handle", "future")
	must(fn != nil, "Handle", "function")
	if err := local(e, "Handle", "a future's value and error"); err != nil {
		return failed[B](err)
	}
	s := link(f, func(ctx context.Context, o outcome[A]) (B, error) { return fn(ctx, o.v, o.err) })
	f.AddDoneCallback(func(f *future.Future[A]) {
		v, err := f.Result(0)
		s.start(e, outcome[A]{v, err})
	})
	return &s.f
}

// Finally returns a future with f's outcome that ends only after fn has
// run, whatever that outcome was: the place to release what the chain
// held. fn runs on e, or inline when e is nil. If fn fails (or panics,
// giving a *executor.PanicError), the returned future fails with fn's
// error, joined with f's error if f failed too, so errors.Is finds both.
// It is JavaScript's finally and CompletableFuture's whenComplete.
// Cancellation works as for Then. Finally panics if f or fn is nil. On an
// executor.Remote (a process pool) it returns a future failed at once with
// ErrRemoteStep, as Catch does.
func Finally[T any](f *future.Future[T], e executor.Executor, fn func(context.Context) error) *future.Future[T] {
	must(f != nil, "Finally", "future")
	must(fn != nil, "Finally", "function")
	if err := local(e, "Finally", "a future's outcome"); err != nil {
		return failed[T](err)
	}
	run := func(ctx context.Context, _ struct{}) (struct{}, error) { return struct{}{}, fn(ctx) }
	s := link(f, func(ctx context.Context, o outcome[T]) (T, error) {
		_, err := executor.Invoke(ctx, run, struct{}{})
		switch {
		case err == nil:
			return o.v, o.err
		case o.err == nil:
			var zero T
			return zero, err
		default:
			var zero T
			return zero, errors.Join(o.err, err)
		}
	})
	f.AddDoneCallback(func(f *future.Future[T]) {
		v, err := f.Result(0)
		s.start(e, outcome[T]{v, err})
	})
	return &s.f
}
