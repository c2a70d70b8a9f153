package future

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"time"

	"github.com/google/uuid"
)

// Future is the outcome of a computation that may not have finished yet, as
// Python's concurrent.futures.Future. Consumers wait for it (Result, Await,
// Err, DoneChan), cancel it while it is pending (Cancel) or attach callbacks
// (AddDoneCallback); the executor that runs the computation drives it with
// SetRunning, SetResult and SetErr.
//
// All methods are safe for concurrent use, and a Future may be waited on by
// any number of goroutines. Create one with New; the zero value is a pending
// future too, so an executor can embed a Future in its task struct and
// save an allocation. A Future must not be copied after first use. It costs one allocation (64 bytes for a Future[int]), no
// goroutine, and waiting on it costs no goroutine.
type Future[T any] struct {
	core
	value T
}

// New returns a pending future. Executors return futures made with New (or
// embedded in their own task structs); tests use it to drive a future by hand.
func New[T any]() *Future[T] { return new(Future[T]) }

// Result waits up to timeout for the future to finish and returns its value,
// or its error. It returns ErrCancelled if the future was cancelled and
// ErrTimeout if it is still not done when the timeout passes. A timeout of
// zero or less waits for as long as it takes. It is Python's result().
func (f *Future[T]) Result(timeout time.Duration) (T, error) {
	if err := f.wait(timeout); err != nil {
		var zero T
		return zero, err
	}
	return f.outcome()
}

// Await is Result bounded by ctx instead of a timeout: it returns ctx.Err()
// if ctx ends before the future is done. Ending ctx does not cancel the
// future.
func (f *Future[T]) Await(ctx context.Context) (T, error) {
	if !f.state().done() {
		f.watch()
		select {
		case <-f.doneChan():
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	return f.outcome()
}

// Err waits as Result does and returns only the error: nil if the future
// succeeded, the computation's error, ErrCancelled or ErrTimeout. It is
// Python's exception(). Await is the context twin of both Result and Err.
func (f *Future[T]) Err(timeout time.Duration) error {
	if err := f.wait(timeout); err != nil {
		return err
	}
	_, err := f.outcome()
	return err
}

func (f *Future[T]) wait(timeout time.Duration) error {
	if f.state().done() {
		return nil
	}
	if timeout <= 0 {
		f.read() // the executor may let this goroutine read the answer itself
		<-f.doneChan()
		return nil
	}
	f.watch()
	done := f.doneChan()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
		return nil
	case <-t.C:
		return fmt.Errorf("%w after %v", ErrTimeout, timeout)
	}
}

// outcome reads a done future's value and error. The atomic load of the
// state orders it after the writes made before the state was stored.
func (f *Future[T]) outcome() (T, error) {
	if f.state() == cancelled {
		var zero T
		return zero, ErrCancelled
	}
	return f.value, f.error()
}

// Cancel cancels the future if it is still pending and reports whether it
// is cancelled now: true if it was pending or already cancelled, false if
// it is running or finished. A cancelled future is done at once: waiters
// wake with ErrCancelled, callbacks run in the calling goroutine, and the
// computation never starts.
func (f *Future[T]) Cancel() bool {
	f.mu.Lock()
	switch f.state() {
	case cancelled:
		f.mu.Unlock()
		return true
	case pending:
		if g := f.gateLocked(); g != nil && !g.Cancel() {
			f.mu.Unlock()
			return false // it started in another process, which has not said so yet
		}
		f.complete(cancelled)
		return true
	default:
		f.mu.Unlock()
		return false
	}
}

// Cancelled reports whether the future was cancelled.
func (f *Future[T]) Cancelled() bool { return f.state() == cancelled }

// Running reports whether the computation is running now.
func (f *Future[T]) Running() bool {
	switch f.state() {
	case running:
		return true
	case pending:
		return f.started()
	}
	return false
}

// Done reports whether the future finished or was cancelled. It never blocks.
func (f *Future[T]) Done() bool {
	if f.state().done() {
		return true
	}
	f.watch()
	return f.state().done()
}

// DoneChan returns a channel that is closed once Done is true, for use in a
// select. It never blocks; every call returns a channel closed at the same
// moment.
func (f *Future[T]) DoneChan() <-chan struct{} {
	if !f.state().done() {
		f.watch()
	}
	return f.doneChan()
}

// AddDoneCallback arranges for fn to be called with the future once it is
// done. Callbacks run exactly once each, in the order they were added, in
// the goroutine that completes the future (the one that calls SetResult,
// SetErr or Cancel); none gets a goroutine of its own, so a slow callback
// delays the ones after it. If the future is already done, fn runs at once,
// before AddDoneCallback returns. A panic in fn is recovered and logged
// with log/slog, and the remaining callbacks still run.
func (f *Future[T]) AddDoneCallback(fn func(*Future[T])) {
	f.mu.Lock()
	if !f.state().done() {
		more := f.extra()
		more.callbacks = append(more.callbacks, fn)
		f.watchLocked()
		f.mu.Unlock()
		return
	}
	f.mu.Unlock()
	f.runCallback(fn)
}

// ID returns an identity for logs and traces, made on first use and stable
// afterwards.
func (f *Future[T]) ID() uuid.UUID {
	f.mu.Lock()
	defer f.mu.Unlock()
	more := f.extra()
	if !more.hasID {
		more.id, more.hasID = uuid.New(), true
	}
	return more.id
}

// String describes the future as Python's repr does, for example
// "Future[int] 6ba7b810-… state=finished returned int" or
// "… state=finished raised *fs.PathError (open x: no such file or directory)".
func (f *Future[T]) String() string {
	head := fmt.Sprintf("Future[%v] %v state=", reflect.TypeFor[T](), f.ID())
	switch st := f.state(); st {
	case pending:
		if f.started() {
			return head + "running"
		}
		return head + "pending"
	case running:
		return head + "running"
	case cancelled:
		return head + "cancelled"
	default:
		if err := f.error(); err != nil {
			return fmt.Sprintf("%sfinished raised %T (%v)", head, err, err)
		}
		return fmt.Sprintf("%sfinished returned %v", head, reflect.TypeFor[T]())
	}
}

// SetRunning moves a pending future to running and reports whether it did.
// It returns false if the future was cancelled, or was already claimed by
// an earlier SetRunning or completed; the computation must then not run.
// It is Python's set_running_or_notify_cancel.
func (f *Future[T]) SetRunning() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.state() != pending {
		return false
	}
	f.st.Store(uint32(running))
	if more := f.more.Load(); more != nil {
		more.gate = nil
	}
	return true
}

// SetResult finishes the future with v. It returns ErrInvalidState, and
// changes nothing, if the future is already done: the first outcome is kept.
// Callbacks run in the calling goroutine before SetResult returns.
func (f *Future[T]) SetResult(v T) error {
	f.mu.Lock()
	if f.state().done() {
		f.mu.Unlock()
		return f.invalidState("SetResult")
	}
	f.value = v
	f.complete(finished)
	return nil
}

// SetErr finishes the future with err, as SetResult does with a value. A nil
// err is a mistake of the caller; the future then fails with an error that
// says so rather than staying pending or pretending success.
func (f *Future[T]) SetErr(err error) error {
	f.mu.Lock()
	if f.state().done() {
		f.mu.Unlock()
		return f.invalidState("SetErr")
	}
	if err == nil {
		err = errNilErr
	}
	f.extra().err = err
	f.complete(finished)
	return nil
}

func (f *Future[T]) invalidState(op string) error {
	return fmt.Errorf("%w: %s on a future that is already %s", ErrInvalidState, op,
		map[state]string{finished: "finished", cancelled: "cancelled"}[f.state()])
}

// complete finishes the future with state s. It is called with mu held and
// releases it before notifying waiters and running callbacks.
func (f *Future[T]) complete(s state) {
	ws, cbs := f.finishLocked(s)
	f.mu.Unlock()
	for _, w := range ws {
		w.c <- w.idx // never blocks: the channel has room for every future it watches
	}
	for _, cb := range cbs {
		f.runCallback(cb.(func(*Future[T])))
	}
}

func (f *Future[T]) runCallback(cb func(*Future[T])) {
	defer func() {
		if v := recover(); v != nil {
			slog.Error("future: done callback panicked", "future", f.String(), "panic", v)
		}
	}()
	cb(f)
}

func (f *Future[T]) base() *core { return &f.core }

// failed reports whether the future finished with an error (not cancelled).
func (f *Future[T]) failed() bool { return f.state() == finished && f.error() != nil }
