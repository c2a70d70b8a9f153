package future

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"

	"github.com/gocurrent/futures/internal/claim"
)

// state is the life-cycle position of a future. The only transitions are
// pending -> running -> finished, pending -> finished and pending -> cancelled.
type state uint32

const (
	pending state = iota
	running
	finished
	cancelled
)

func (s state) done() bool { return s >= finished }

// errNilErr is recorded when a producer calls SetErr(nil): the future still
// ends, and whoever reads it learns about the producer's mistake.
var errNilErr = errors.New("future: SetErr was called with a nil error; call SetResult to report success")

// closedChan is returned by DoneChan for futures that finished before anyone
// asked for a channel, so that finishing never has to allocate one.
var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// core is the part of a future that does not depend on its value type, so
// that Wait and AsCompleted can watch futures of different types at once.
type core struct {
	st   atomic.Uint32 // a state; written under mu, read without it
	mu   sync.Mutex
	done chan struct{}         // made on first demand while not done; closed when done
	more atomic.Pointer[extra] // made on first demand, so that a plain future stays small
}

// extra holds what most futures never need, the error of a failed one
// included. Keeping it out of core keeps a submitted task (future
// included) in the 64-byte size class.
type extra struct {
	err       error    // the error of a failed future
	waiters   []waiter // Wait and AsCompleted calls watching this future
	callbacks []any    // done callbacks, each a func(*Future[T]) of this future's T
	id        uuid.UUID
	hasID     bool
	gate      claim.Gate // the claim word of a call sent ahead while pending; under mu
}

// extra returns c.more, making it if need be. Called with mu held; the
// pointer is atomic because error reads it without mu.
func (c *core) extra() *extra {
	more := c.more.Load()
	if more == nil {
		more = new(extra)
		c.more.Store(more)
	}
	return more
}

// waiter is one Wait or AsCompleted call watching a future: on completion the
// future sends idx on c, whose capacity covers every future it watches.
type waiter struct {
	c    chan<- int
	idx  int
	gone *atomic.Bool // set once the call stopped watching without removing its waiters
}

func (c *core) state() state { return state(c.st.Load()) }

// The Gate of a pending future sent ahead to another process (see package
// internal/claim) decides Cancel and Running while it is attached: the
// future stays pending, as far as its state goes, until the executor
// calls SetRunning once the call started.
func init() {
	claim.Install(func(f any, g claim.Gate) bool {
		b, ok := f.(interface{ base() *core })
		return ok && b.base().setGate(g)
	})
}

// setGate attaches g and reports whether the future is still pending.
func (c *core) setGate(g claim.Gate) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state() != pending {
		return false
	}
	if g != nil || c.more.Load() != nil {
		c.extra().gate = g
	}
	if r, ok := g.(claim.Reader); ok {
		more := c.more.Load()
		r.Attach(c.done != nil || len(more.callbacks) > 0 || len(more.waiters) > 0)
	}
	return true
}

// readerLocked returns the Gate of a pending future if it is a
// claim.Reader. Called with mu held.
func (c *core) readerLocked() claim.Reader {
	r, _ := c.gateLocked().(claim.Reader)
	return r
}

// watch tells the Gate of a pending future, if it is a claim.Reader,
// that the future is watched without a goroutine waiting for it.
func (c *core) watch() {
	if c.more.Load() == nil {
		return
	}
	c.mu.Lock()
	c.watchLocked()
	c.mu.Unlock()
}

func (c *core) watchLocked() {
	if r := c.readerLocked(); r != nil {
		r.Watch()
	}
}

// read lets the Gate of a pending future, if it is a claim.Reader, read
// the answer in the calling goroutine, which is about to wait for the
// future for as long as it takes.
func (c *core) read() {
	if c.more.Load() == nil {
		return
	}
	c.mu.Lock()
	r := c.readerLocked()
	c.mu.Unlock()
	if r != nil {
		r.Read()
	}
}

// gateLocked returns the Gate of a pending future, if it has one. Called
// with mu held.
func (c *core) gateLocked() claim.Gate {
	if more := c.more.Load(); more != nil && c.state() == pending {
		return more.gate
	}
	return nil
}

// started reports whether a pending future's call started under its
// Gate.
func (c *core) started() bool {
	if c.more.Load() == nil {
		return false
	}
	c.mu.Lock()
	g := c.gateLocked()
	c.mu.Unlock()
	return g != nil && g.Started()
}

// doneChan returns the channel closed on completion, making it if need be.
func (c *core) doneChan() <-chan struct{} {
	if c.state().done() {
		return closedChan
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state().done() {
		return closedChan
	}
	if c.done == nil {
		c.done = make(chan struct{})
	}
	return c.done
}

// addWaiter registers w and reports false, without registering, if the
// future is already done.
func (c *core) addWaiter(w waiter) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state().done() {
		return false
	}
	more := c.extra()
	// Drop the waiters of calls that stopped watching: a large Wait that
	// timed out leaves them rather than visit every future again.
	more.waiters = slices.DeleteFunc(more.waiters, func(w waiter) bool { return w.gone.Load() })
	more.waiters = append(more.waiters, w)
	c.watchLocked()
	return true
}

func (c *core) removeWaiter(ch chan<- int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	more := c.more.Load()
	if more == nil {
		return
	}
	for i, w := range more.waiters {
		if w.c == ch {
			more.waiters = slices.Delete(more.waiters, i, i+1)
			return
		}
	}
}

// finishLocked moves to a done state, wakes every channel waiter and returns
// the waiters and callbacks to notify once mu is released.
func (c *core) finishLocked(s state) ([]waiter, []any) {
	c.st.Store(uint32(s))
	if c.done != nil {
		close(c.done)
	}
	more := c.more.Load()
	if more == nil {
		return nil, nil
	}
	more.gate = nil
	ws, cbs := more.waiters, more.callbacks
	more.waiters, more.callbacks = nil, nil
	return ws, cbs
}

// waiterCount returns how many Wait or AsCompleted calls watch the future.
func (c *core) waiterCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if more := c.more.Load(); more != nil {
		return len(more.waiters)
	}
	return 0
}

// error returns the error of a finished future. The atomic load of the
// state orders it after the write made before the state was stored.
func (c *core) error() error {
	if more := c.more.Load(); more != nil {
		return more.err
	}
	return nil
}
