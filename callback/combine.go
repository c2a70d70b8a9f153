package callback

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/gocurrent/futures/future"
)

// All returns one future of the values of fs, in the order of fs. It
// succeeds once every future of fs has succeeded. It fails with an
// *IndexError holding the error of the first future by position that
// failed or was cancelled, as soon as that is known: once that future has
// failed and every future before it has succeeded, without waiting for
// the futures after it. The outcome is therefore the same as checking the
// futures one by one in order, whatever order they finish in. It is
// JavaScript's Promise.all and CompletableFuture's allOf, with values.
//
// The futures after the failed one are left alone; cancel them yourself
// if their work is no longer wanted. Cancelling the returned future
// cancels every future of fs still pending. No fs gives a future that has
// already succeeded with an empty slice. All starts no goroutine: it adds a
// done callback to each future. It panics if an element of fs is nil.
func All[T any](fs []*future.Future[T]) *future.Future[[]T] {
	out := future.New[[]T]()
	if len(fs) == 0 {
		out.SetResult([]T{})
		return out
	}
	a := &all[T]{out: out, fs: checked("All", fs), vals: make([]T, len(fs)), done: make([]bool, len(fs))}
	cancelAll(out, a.fs)
	for i, f := range a.fs {
		f.AddDoneCallback(func(*future.Future[T]) { a.settle(i) })
	}
	return out
}

// all is the state of one All call.
type all[T any] struct {
	out  *future.Future[[]T]
	fs   []*future.Future[T]
	mu   sync.Mutex
	vals []T
	done []bool // fs[i] is done
	next int    // every future before next has succeeded
	over bool   // out has been completed
}

// settle records that fs[i] is done and completes out once its outcome is
// known.
func (a *all[T]) settle(i int) {
	a.mu.Lock()
	a.done[i] = true
	for !a.over && a.next < len(a.fs) && a.done[a.next] {
		v, err := a.fs[a.next].Result(0) // done: does not block
		if err != nil {
			a.over = true
			a.mu.Unlock()
			a.out.SetErr(&IndexError{Index: a.next, Err: err})
			return
		}
		a.vals[a.next] = v
		a.next++
	}
	succeeded := !a.over && a.next == len(a.fs)
	a.over = a.over || succeeded
	a.mu.Unlock()
	if succeeded {
		a.out.SetResult(a.vals)
	}
}

// Any returns a future of the value of the first future of fs to succeed.
// If every future of fs fails or is cancelled, it fails with an error
// that joins their errors in the order of fs (errors.Is and errors.As see
// each); with no fs, it fails with ErrNoFutures. It is JavaScript's
// Promise.any and Scala's Future.firstCompletedOf restricted to successes.
//
// The other futures are left running once one has succeeded; cancel them
// yourself if their work is no longer wanted. Cancelling the returned
// future cancels every future of fs still pending. Any starts no
// goroutine. It panics if an element of fs is nil.
func Any[T any](fs []*future.Future[T]) *future.Future[T] {
	out := future.New[T]()
	if len(fs) == 0 {
		out.SetErr(ErrNoFutures)
		return out
	}
	a := &anyOf[T]{out: out, errs: make([]error, len(fs)), left: len(fs)}
	fs = checked("Any", fs)
	cancelAll(out, fs)
	for i, f := range fs {
		f.AddDoneCallback(func(f *future.Future[T]) { a.settle(i, f) })
	}
	return out
}

// anyOf is the state of one Any call.
type anyOf[T any] struct {
	out  *future.Future[T]
	mu   sync.Mutex
	errs []error
	left int // futures not done yet
}

func (a *anyOf[T]) settle(i int, f *future.Future[T]) {
	v, err := f.Result(0) // done: does not block
	if err == nil {
		a.out.SetResult(v) // only the first success counts
		return
	}
	a.mu.Lock()
	a.errs[i] = err
	a.left--
	last := a.left == 0
	a.mu.Unlock()
	if last {
		a.out.SetErr(fmt.Errorf("callback: all %d futures given to Any failed: %w", len(a.errs), errors.Join(a.errs...)))
	}
}

// checked returns a copy of fs, so that the caller may reuse its slice,
// and panics if an element is nil.
func checked[T any](op string, fs []*future.Future[T]) []*future.Future[T] {
	for i, f := range fs {
		if f == nil {
			panic(fmt.Sprintf("callback: %s: future %d is nil", op, i))
		}
	}
	return slices.Clone(fs)
}

// cancelAll makes cancelling out cancel every future of fs.
func cancelAll[T, U any](out *future.Future[T], fs []*future.Future[U]) {
	out.AddDoneCallback(func(out *future.Future[T]) {
		if out.Cancelled() {
			for _, f := range fs {
				f.Cancel()
			}
		}
	})
}
