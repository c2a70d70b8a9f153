// Package claim lets an executor hand a call to another process before it
// may start there, and keep it pending until it does.
//
// Such an executor keeps a claim word per call sent ahead, in memory
// shared with the process that will run it. The process moves the word
// from pending to running just before the call starts; a cancellation
// moves it from pending to cancelled. Whoever moves it first decides: a
// call whose word was cancelled never runs, and a call whose word is
// running can no longer be cancelled. A Gate is the parent's view of one
// such word, attached to the call's task (and through it to the call's
// future) with the task's SetGate method, so that Cancel and Running ask
// the word rather than the future's own state while the call is in flight.
//
// Package future knows nothing of executors: it only keeps the Gate it is
// given and asks it. This package sits between them so that neither
// exports anything for the other.
package claim

import "sync/atomic"

// Gate is the claim word of a call sent ahead. Its methods must not block:
// they run with the future's lock held.
type Gate interface {
	// Cancel cancels the call if it has not started, and reports whether
	// it is cancelled now (false: it started). A Gate that no longer
	// describes the call (the call was taken back to be sent elsewhere)
	// reports true, since the call did not start under it.
	Cancel() bool

	// Started reports whether the call started under this Gate.
	Started() bool
}

// Reader is a Gate whose executor may leave the answer of a call unread
// until its future is watched, so that the goroutine that waits for the
// future can read the answer itself: it then wakes once, when the answer
// comes, rather than once for the goroutine that reads answers and once
// more for itself. Package future tells a Reader how its future is
// watched.
type Reader interface {
	Gate
	// Attach is called when the Gate is attached to a future; watched
	// says whether anything watches the future already (callbacks, a
	// done channel, Wait or AsCompleted). Called with the future's lock
	// held: it must not block.
	Attach(watched bool)
	// Watch says that the future is now watched in a way that does not
	// wait in a goroutine of its own (a callback, a done channel, Wait,
	// AsCompleted, a call of Done): the executor must read the answer
	// without a waiter. Called with the future's lock held: it must not
	// block.
	Watch()
	// Read is called, without the future's lock, by a goroutine about to
	// wait for the future for as long as it takes: it may read the answer
	// in that goroutine, and returns once the future is done, or at once
	// if another goroutine reads the answers.
	Read()
}

// Gated is implemented by the tasks that can be sent ahead: every task of
// the executor and callback packages.
type Gated interface {
	// SetGate attaches g, the claim word of the whole task, replacing any
	// earlier Gate, and reports false if the task can no longer start (it
	// was cancelled or resolved, or the work it belongs to was
	// abandoned): it must then not be sent. A nil g detaches the Gate.
	SetGate(g Gate) bool
}

// attach sets the Gate of a future; package future installs it.
var attach func(f any, g Gate) bool

// Install is called by package future, once, to provide Attach.
func Install(fn func(f any, g Gate) bool) { attach = fn }

// Attach attaches g to f, a *future.Future of any type, and reports false
// if f is no longer pending. A nil g detaches the Gate.
func Attach(f any, g Gate) bool { return attach(f, g) }

// Holder keeps the Gate of a task that has no future of its own to
// attach it to (a map's chunk, a pipeline's stage task). Its zero value
// holds none.
type Holder struct{ p atomic.Pointer[held] }

type held struct{ g Gate }

// Set keeps g, replacing any earlier Gate; a nil g drops it.
func (h *Holder) Set(g Gate) {
	if g == nil {
		h.p.Store(nil)
		return
	}
	h.p.Store(&held{g})
}

// StartedElsewhere cancels the task through its Gate, if it has one, and
// reports whether that failed because the task already started: it must
// then run on, though the work it belongs to stopped.
func (h *Holder) StartedElsewhere() bool {
	ref := h.p.Load()
	return ref != nil && !ref.g.Cancel()
}
