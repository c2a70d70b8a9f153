package processpool

import (
	"fmt"
	"time"

	"github.com/gocurrent/futures/internal/wire"
)

// Who reads a worker's frames. Most of the time its reader goroutine
// does. But a goroutine waiting in Result for a call that is the only one
// the worker has would then wake twice: the reader wakes when the answer
// comes, and wakes the waiter in turn, at the cost of another thread woken
// on an idle core. So the reader rests (parks, not reading) while the
// worker has no call in flight, or one whose future nobody watches yet,
// and a waiter that finds it resting reads the answer itself (readFor):
// the answer then wakes the waiter directly. Anything else that needs the
// worker's frames summons the reader: a call sent while another is in
// flight or whose future is watched (callbacks, done channels, Wait,
// Done: package future tells the Gate, see claim.Reader), work that waits
// for a worker (dispatch), a waiter with a timeout, a retirement, a kill,
// Shutdown, and the worker's exit, which a pidfd reports (exitWatch)
// since nobody reads its pipe's end meanwhile. Where the system has no
// pidfd, the reader never rests. And an answer nobody asks for is read at
// most about sweepAfter after its call was sent (sweep): Done, Running
// and Stats lag no longer than that, and a call that runs longer gets its
// answer read by the reader goroutine, as if it had been watched.
const (
	readerReads  int32 = iota // the reader goroutine reads
	readerRests               // nobody reads; the reader waits for wake
	readerWaiter              // a waiter reads (readFor); the reader waits for wake
)

// rest parks the reader goroutine while nothing needs the worker's
// frames, and reports whether it did. It returns once summoned; a read
// error a waiter met meanwhile is then the reader's, to end with.
func (w *worker) rest() (bool, error) {
	if w.exits == nil || w.dec.Ready() {
		return false, nil
	}
	w.mu.Lock()
	if len(w.win) == 0 {
		w.summoned.Store(false) // every answer is read
	}
	quiet := !w.dead && !w.ended.Load() &&
		(len(w.win) == 0 || len(w.win) == 1 && w.win[0].quiet() && !w.summoned.Load())
	if quiet {
		w.rstate.Store(readerRests)
	}
	inFlight := len(w.win) > 0
	w.mu.Unlock()
	if !quiet {
		return false, nil
	}
	if inFlight {
		w.p.armSweep()
	}
	w.p.resting.Add(1)
	<-w.wake
	w.p.resting.Add(-1)
	err := w.rerr
	w.rerr = nil
	return true, err
}

// summon makes the reader goroutine read: at once if it rests, or once
// the waiter that reads is done (leave sees summoned). It never blocks.
func (w *worker) summon() {
	if !w.summoned.Load() {
		w.summoned.Store(true) // the reader reads until no call is in flight
	}
	if w.rstate.CompareAndSwap(readerRests, readerReads) {
		w.wake <- struct{}{} // one per rest: the buffer has room
	}
}

// readFor reads w's frames in the calling goroutine, which waits for
// inf's answer, if the reader rests, until inf is answered or the reading
// fails; it then hands reading back (leave) and resolves the futures of
// what it read, outside the reading, so that their callbacks may wait
// for other calls of w.
func (w *worker) readFor(inf *inflight) {
	if !w.rstate.CompareAndSwap(readerRests, readerWaiter) {
		return
	}
	var applies []func()
	var err error
	for w.has(inf) {
		var k wire.Kind
		if k, err = w.dec.Next(); err != nil {
			break
		}
		if k != wire.KindResult {
			// Only calls of one item rest their reader, and those send
			// no progress.
			err = fmt.Errorf("%w: unexpected frame kind %d", wire.ErrProtocol, k)
			break
		}
		var apply func()
		apply, err = w.result(true)
		if apply != nil {
			applies = append(applies, apply)
		}
		if err != nil {
			break
		}
	}
	if err == nil {
		w.p.waiterReads.Add(1)
	}
	w.leave(err)
	for _, apply := range applies {
		apply()
	}
}

// leave ends a waiter's reading: the reader goroutine reads on if the
// worker has calls in flight, was summoned meanwhile (the reader rested
// with summoned false, see rest) or the reading failed (the reader then
// ends with err); else it rests on.
func (w *worker) leave(err error) {
	w.mu.Lock()
	busy := len(w.win) > 0 || w.dead
	w.mu.Unlock()
	if busy || err != nil || w.summoned.Load() {
		w.rerr = err
		w.rstate.Store(readerReads)
		w.wake <- struct{}{}
		return
	}
	w.rstate.Store(readerRests)
	if w.summoned.Load() {
		w.summon() // summoned as it left: summon stores summoned before it looks at rstate
	}
}

// has reports whether inf is in w's window.
func (w *worker) has(inf *inflight) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.holds(inf)
}

// watchExit summons the reader once the worker's process exits: its
// pidfd, polled by the runtime, says so. It ends then.
func (w *worker) watchExit() {
	defer w.p.wg.Done()
	defer w.exits.Close()
	if rc, err := w.exits.SyscallConn(); err == nil {
		// The poller reports a pidfd readable once, when the process
		// exits: if that was before this read armed it, exited says so.
		_ = rc.Read(exited)
	}
	w.ended.Store(true)
	w.summon()
}

// sweepAfter is how long a resting reader may leave an answer unread that
// nobody asked for.
const sweepAfter = time.Millisecond

// armSweep arms the sweep, unless it is armed: a call was sent to a
// worker whose reader rests.
func (p *Pool) armSweep() {
	if p.sweeping.Swap(true) {
		return
	}
	p.sweepMu.Lock()
	defer p.sweepMu.Unlock()
	if p.sweeper == nil {
		p.sweeper = time.AfterFunc(sweepAfter, p.sweep)
		return
	}
	p.sweeper.Reset(sweepAfter)
}

// sweep summons the readers that rest while their workers have calls in
// flight, unless a waiter reads. One timer serves the pool, armed once
// for all the calls sent within sweepAfter, rather than once per call:
// arming a timer can wake the thread that waits in the runtime's poller.
func (p *Pool) sweep() {
	p.sweeping.Store(false)
	p.mu.Lock()
	defer p.mu.Unlock()
	for w := range p.workers {
		w.mu.Lock()
		busy := len(w.win) > 0
		w.mu.Unlock()
		if busy && w.rstate.Load() == readerRests { // a waiter that reads asked
			w.summon()
		}
	}
}

// summonAll summons the readers that rest: work waits. Called with mu
// held.
func (p *Pool) summonAll() {
	if p.resting.Load() == 0 {
		return
	}
	for w := range p.workers {
		w.summon()
	}
}
