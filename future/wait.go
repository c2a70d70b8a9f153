package future

import (
	"context"
	"slices"
	"sync/atomic"
	"time"
	"unsafe"

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
	end := deadline(timeout)
	fs = dedupe(fs)
	if !waitOver(fs, when) {
		_ = watch(ctx, fs, end, func(f F) bool {
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

// deadline returns the time a timeout ends, or the zero time for none.
func deadline(timeout time.Duration) time.Time {
	if timeout <= 0 {
		return time.Time{}
	}
	return time.Now().Add(timeout)
}

// watch registers a waiter on every future of fs and calls step with each
// future as it completes (those already done first) until step returns
// true or all are done, and then returns nil; or until end passes (the
// zero time: never) or ctx ends, and then returns ErrTimeout or ctx.Err().
//
// Registering is itself bounded by end: over a million futures,
// registering and releasing waiters takes longer than a short timeout, so
// watch stops registering once end has passed, hands step what is done by
// then, and releases only what it registered.
func watch[F Awaitable](ctx context.Context, fs []F, end time.Time, step func(F) bool) error {
	var expired <-chan time.Time
	if !end.IsZero() {
		t := time.NewTimer(time.Until(end))
		defer t.Stop()
		expired = t.C
	}
	ch := make(chan int, len(fs))
	sent := make([]bool, len(fs))
	for i, f := range fs { // those done already come first, in the order of fs
		if f.Done() {
			ch <- i
			sent[i] = true
		}
	}
	var watched []int
	gone := new(atomic.Bool)
	defer func() {
		if len(watched) > removeAtMost {
			gone.Store(true)
			return
		}
		for _, i := range watched {
			fs[i].base().removeWaiter(ch)
		}
	}()
	for i, f := range fs {
		if i%watchCheckEvery == 0 && i > 0 && (ctx.Err() != nil || !end.IsZero() && !time.Now().Before(end)) {
			return giveUp(ctx, ch, fs, i, sent, step)
		}
		switch {
		case sent[i]:
		case f.base().addWaiter(waiter{c: ch, idx: i, gone: gone}):
			watched = append(watched, i)
		default:
			ch <- i
		}
	}
	for range fs {
		i, err := next(ctx, ch, expired)
		if err != nil {
			return err
		}
		if step(fs[i]) {
			return nil
		}
	}
	return nil
}

// removeAtMost is the most waiters that watch removes one by one when it
// stops. Beyond it, they stay with their futures, marked gone, until each
// future completes or is watched again: removing a million would take as
// long as registering them did, doubling the time a timed-out Wait takes.
// Until then each future keeps a small entry and the watch's channel.
const removeAtMost = 1024

// watchCheckEvery is how many futures watch registers between two looks at
// the clock and the context: a few microseconds of work.
const watchCheckEvery = 256

// giveUp ends a watch whose deadline passed, or whose ctx ended, before
// every future was registered: step gets what is done by now, and watch
// returns ErrTimeout or ctx.Err() unless step is satisfied. The futures
// from position first of fs on were not registered.
func giveUp[F Awaitable](ctx context.Context, ch chan int, fs []F, first int, sent []bool, step func(F) bool) error {
	for j := first; j < len(fs); j++ {
		if !sent[j] && fs[j].Done() {
			ch <- j
		}
	}
	for {
		select {
		case i := <-ch:
			if step(fs[i]) {
				return nil
			}
		default:
			if err := ctx.Err(); err != nil {
				return err
			}
			return ErrTimeout
		}
	}
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
// Most slices have none: sorting the futures' addresses finds that out in
// a sixth of the time a set takes (about 25 ms for a million futures),
// and fs itself is returned then.
func dedupe[F Awaitable](fs []F) []F {
	if len(fs) < 2 {
		return fs
	}
	addrs := make([]uintptr, len(fs))
	for i, f := range fs {
		addrs[i] = uintptr(unsafe.Pointer(f.base()))
	}
	slices.Sort(addrs)
	if !hasRepeat(addrs) {
		return fs
	}
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

// hasRepeat reports whether sorted xs holds a value twice.
func hasRepeat(xs []uintptr) bool {
	for i := 1; i < len(xs); i++ {
		if xs[i] == xs[i-1] {
			return true
		}
	}
	return false
}
