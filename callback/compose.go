package callback

import (
	"context"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// Compose returns the future of a step that itself returns a future: when
// f succeeds, fn runs with its value on e (inline when e is nil), and the
// returned future ends as the future fn returned ends, with its value or
// error. Typically fn submits work elsewhere, for instance to another
// executor chosen from the value, and returns that work's future. It is
// JavaScript's then with a promise-returning callback, CompletableFuture's
// thenCompose and Scala's flatMap.
//
// If f fails or is cancelled, or fn returns an error (or panics, giving a
// *executor.PanicError), the returned future fails with that error and no
// inner future is awaited. If fn returns a nil future and a nil error, it
// fails with ErrNilFuture. Cancelling the returned future cancels f while
// f is pending, keeps fn from starting, and cancels the future fn returned
// if it has one and it is still pending. The returned future is pending
// until it ends: it is never running. Compose panics if f or fn is nil. On
// an executor.Remote (a process pool) it returns a future failed at once
// with ErrRemoteStep: a future cannot come back from a worker process.
func Compose[A, B any](f *future.Future[A], e executor.Executor, fn func(context.Context, A) (*future.Future[B], error)) *future.Future[B] {
	must(f != nil, "Compose", "future")
	must(fn != nil, "Compose", "function")
	if err := local(e, "Compose", "a value and returns a future"); err != nil {
		return failed[B](err)
	}
	return flatten(Then(f, e, fn))
}

// flatten returns a future that ends as the future that mid produces.
func flatten[T any](mid *future.Future[*future.Future[T]]) *future.Future[T] {
	out := future.New[T]()
	out.AddDoneCallback(func(out *future.Future[T]) {
		if out.Cancelled() {
			cancelInner(mid)
		}
	})
	mid.AddDoneCallback(func(mid *future.Future[*future.Future[T]]) {
		inner, err := mid.Result(0)
		switch {
		case err != nil:
			out.SetErr(err)
		case inner == nil:
			out.SetErr(ErrNilFuture)
		case out.Cancelled():
			inner.Cancel()
		default:
			inner.AddDoneCallback(func(inner *future.Future[T]) {
				v, err := inner.Result(0)
				settle(out, v, err)
			})
		}
	})
	return out
}

// cancelInner cancels mid if it has not started (and with it the chain
// before it), or else the future it produced. If mid is still running, its
// done callback in flatten sees the cancelled outcome and cancels the
// future it produces.
func cancelInner[T any](mid *future.Future[*future.Future[T]]) {
	mid.Cancel()
	if !mid.Done() {
		return
	}
	if inner, err := mid.Result(0); err == nil && inner != nil {
		inner.Cancel()
	}
}
