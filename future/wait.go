package future

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Awaitable is any *Future[T], whatever T, so that Wait and AsCompleted can
// watch futures of different types in one slice ([]Awaitable). Only futures
// of this package satisfy it.
type Awaitable interface {
	// Done reports whether the future finished or was cancelled.
	Done() bool
	// DoneChan returns a channel closed once Done is true.
	DoneChan() <-chan struct{}
	// Err waits up to timeout and returns the future's error, as Future.Err.
	Err(timeout time.Duration) error
	// Cancel cancels a pending future, as Future.Cancel.
	Cancel() bool
	// Cancelled reports whether the future was cancelled.
	Cancelled() bool
	// ID returns the future's identity.
	ID() uuid.UUID
	// String describes the future's state.
	String() string

	base() *core
	failed() bool
}

// ReturnWhen says when Wait returns.
type ReturnWhen int

const (
	// FirstCompleted returns when any future finishes or is cancelled.
	FirstCompleted ReturnWhen = iota
	// FirstException returns when any future finishes with an error (a
	// cancelled future is not an error here), or when all are done.
	FirstException
	// AllCompleted returns when every future is done.
	AllCompleted
)

func (w ReturnWhen) String() string {
	switch w {
	case FirstCompleted:
		return "FirstCompleted"
	case FirstException:
		return "FirstException"
	case AllCompleted:
		return "AllCompleted"
	}
	return "ReturnWhen(invalid)"
}

// Wait blocks until the condition when holds for fs, or until timeout
// passes (zero or less: no limit), and splits fs into the futures that are
// done and those that are not, each in the order of fs with duplicates
// left out. It is Python's concurrent.futures.wait. Wait never fails: on
// timeout it returns the split as it stands. It starts no goroutine.
// An unknown when is treated as AllCompleted.
func Wait[F Awaitable](fs []F, timeout time.Duration, when ReturnWhen) (done, notDone []F) {
	return wait(context.Background(), fs, timeout, when)
}

// WaitContext is Wait bounded by ctx instead of a timeout: it returns the
// split as it stands when ctx ends.
func WaitContext[F Awaitable](ctx context.Context, fs []F, when ReturnWhen) (done, notDone []F) {
	return wait(ctx, fs, 0, when)
}

func wait[F Awaitable](ctx context.Context, fs []F, timeout time.Duration, when ReturnWhen) (done, notDone []F) {
	fs = dedupe(fs)
	if !waitOver(fs, when) {
		_ = watch(ctx, fs, timeout, func(f F) bool {
			return when == FirstCompleted || when == FirstException && f.failed()
		})
	}
	for _, f := range fs {
		if f.Done() {
			done = append(done, f)
		} else {
			notDone = append(notDone, f)
		}
	}
	return done, notDone
}

// waitOver reports whether Wait may return.
func waitOver[F Awaitable](fs []F, when ReturnWhen) bool {
	all := true
	for _, f := range fs {
		switch {
		case !f.Done():
			all = false
		case when == FirstCompleted, when == FirstException && f.failed():
			return true
		}
	}
	return all
}

// watch registers a waiter on every future of fs and calls step with each
// future as it completes (those already done first) until step returns
// true or all are done, and then returns nil; or until the timeout passes
// or ctx ends, and then returns ErrTimeout or ctx.Err().
func watch[F Awaitable](ctx context.Context, fs []F, timeout time.Duration, step func(F) bool) error {
	ch := make(chan int, len(fs))
	sent := make([]bool, len(fs))
	for i, f := range fs { // those done already come first, in the order of fs
		if f.Done() {
			ch <- i
			sent[i] = true
		}
	}
	var watched []int
	for i, f := range fs {
		switch {
		case sent[i]:
		case f.base().addWaiter(waiter{c: ch, idx: i}):
			watched = append(watched, i)
		default:
			ch <- i
		}
	}
	defer func() {
		for _, i := range watched {
			fs[i].base().removeWaiter(ch)
		}
	}()
	var deadline <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		deadline = t.C
	}
	for range fs {
		i, err := next(ctx, ch, deadline)
		if err != nil {
			return err
		}
		if step(fs[i]) {
			return nil
		}
	}
	return nil
}

// next receives the index of the next done future. A future that is done
// already is taken before a deadline or context that has ended too, so that
// futures done before the wait began always come first.
func next(ctx context.Context, ch <-chan int, deadline <-chan time.Time) (int, error) {
	select {
	case i := <-ch:
		return i, nil
	default:
	}
	select {
	case i := <-ch:
		return i, nil
	case <-deadline:
		return 0, ErrTimeout
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// dedupe returns fs without repeats, keeping first occurrences in order.
func dedupe[F Awaitable](fs []F) []F {
	seen := make(map[*core]bool, len(fs))
	out := make([]F, 0, len(fs))
	for _, f := range fs {
		if c := f.base(); !seen[c] {
			seen[c] = true
			out = append(out, f)
		}
	}
	return out
}
