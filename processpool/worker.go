package processpool

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/claim"
	"github.com/gocurrent/futures/internal/wire"
)

// worker is the parent's handle on one worker process. One goroutine, the
// reader, reads the worker's frames. Calls are written by whoever gives the
// worker a task: Execute, or the reader after a result. A worker runs one
// call at a time, in the order they were sent, and has up to window tasks
// sent to it and not answered: the running one and those sent ahead,
// which stay pending (claims.go). Lock order: p.mu, then wmu, then mu.
type worker struct {
	p      *Pool
	cmd    *exec.Cmd
	pid    int
	toW    *os.File  // parent's end of the pipe to the worker; closing it retires the worker
	out    io.Writer // writes toW
	fromW  *os.File
	dec    *wire.Decoder // the reader's
	tasks  int           // the reader's: results received
	ready  bool          // passed its handshake; under p.mu
	spare  []pending     // a batch for next to fill, kept between calls; under p.mu
	delay  time.Duration // the spawner waits this long before starting it
	claims *claimPage    // the claim words of the calls sent to it; nil: none are sent ahead
	lastAt time.Time     // the reader's: when the last result came
	res    wire.Result   // the reader's: the result frame's header being handled

	// Who reads (rest.go): the reader goroutine, or a waiter for itself.
	rstate   atomic.Int32  // readerReads, readerRests or readerWaiter
	wake     chan struct{} // the resting reader's; one send per rest
	summoned atomic.Bool   // the reader must read until no call is in flight
	rerr     error         // a waiter's read error, for the reader to end with
	exits    *os.File      // readable once the process exited (a pidfd); nil: the reader never rests
	ended    atomic.Bool   // the process exited, as exits said

	id  int              // its number in the pool, from 1
	rec *executor.Worker // its stats; nil until its process started

	// Under p.mu:
	takes bool // it takes tasks: ready, not retired, not dead
	load  int  // tasks given to it and not answered
	given int  // tasks given to it in all, for WithMaxTasks

	wmu    sync.Mutex // serialises frames to the worker
	enc    *wire.Encoder
	call   wire.Call    // the header of the call frame being built
	seq    uint64       // the last claim sequence number used
	closed bool         // toW is closed
	grown  bool         // its pipe was grown for frames sent ahead (or could not be)
	corked bool         // hold frames of tasks sent ahead in pend: the reader writes them soon
	pend   bytes.Buffer // frames held back, to be written in one go

	mu     sync.Mutex
	win    []*inflight // the tasks sent and not answered, in order
	bytes  int         // the size of their frames
	ahead  int         // the bound of bytes, unless win is empty: aheadBytes, or half its grown pipe
	dead   bool        // killed, retiring or exited: it takes no more tasks
	exited bool        // reaped: its pid may belong to another process
	cause  error       // why the pool killed it
}

// window is the most tasks a worker has sent to it and not answered: the
// one it runs and those sent ahead, so that it never waits a round trip
// for its next call.
const window = 128

// refillAt is the load at which a worker that has calls sent ahead is
// given more: half its window.
const refillAt = window / 2

type startResult int

const (
	started startResult = iota // the task is the worker's now
	skipped                    // nothing to send: its calls were cancelled, or failed to encode
	gone                       // the worker cannot take it; send it elsewhere (if claimed, it stays claimed)
	full                       // too large to send ahead now: it goes back to the queue, for an idle worker
)

// aheadBytes bounds the frames sent to a worker and not answered, unless
// it has none: the parent then never blocks writing to a busy worker. A
// busy worker may be blocked writing its answers, which the parent's
// reader must be free to read; were the reader blocked writing in turn,
// both would wait for ever. Half a default pipe leaves room for cancel
// frames. The first frame that would pass the bound grows the worker's
// pipe to pipeSize, and the bound to half of it, so that a map's chunks of
// 100 KB are sent ahead too. Only such workers' pipes grow, since the
// kernel counts a user's pipe buffers (see pipeSize).
const aheadBytes = 32 << 10

// start sends pd to w, with a claim word if it can be sent ahead, else
// claiming its calls first. The caller counted it in w.load.
func (w *worker) start(pd *pending) startResult {
	ahead := pd.gated != nil && w.claims != nil
	if !ahead && !pd.claim() {
		return skipped
	}
	inf := &inflight{pending: *pd, id: w.p.ids.Add(1), w: w}
	w.wmu.Lock()
	if ahead {
		w.seq++
		inf.g = w.claims.newGate(w.seq)
		inf.gate = &inf.g
		var g claim.Gate = inf.gate
		if pd.t.Len() == 1 {
			g = inf // its future may let a waiter read its answer (rest.go)
		}
		if !pd.gated.SetGate(g) {
			w.wmu.Unlock()
			pd.t.Cancel() // resolves what is left of it as cancelled
			return skipped
		}
	}
	err := w.encode(inf)
	if err != nil {
		w.wmu.Unlock()
		pd.failAll(err)
		return skipped
	}
	inf.size = w.enc.Len()
	w.mu.Lock()
	if !w.grown && len(w.win) > 0 && w.bytes+inf.size > w.ahead {
		w.mu.Unlock()
		w.growAhead()
		w.mu.Lock()
	}
	if w.dead {
		w.mu.Unlock()
		w.wmu.Unlock()
		return gone
	}
	if len(w.win) > 0 && w.bytes+inf.size > w.ahead {
		w.mu.Unlock()
		w.enc.Begin() // drops the frame
		w.wmu.Unlock()
		inf.detach()
		return full
	}
	w.bytes += inf.size
	w.win = append(w.win, inf)
	inf.watch(w)
	if len(w.win) == 1 {
		w.begin(inf)
	}
	if len(w.win) > 1 || !inf.quiet() {
		w.summon()
	} else if w.rstate.Load() == readerRests {
		w.p.armSweep()
	}
	// A call sent ahead starts once the one before it is answered: its
	// duration counts from then (observe), not from its sending.
	w.mu.Unlock()
	err = w.writeFrame(ahead)
	if err != nil && !errors.Is(err, wire.ErrTooLarge) {
		defer w.wmu.Unlock()
		w.lost(inf)
		return started // the reader's exit sends it elsewhere
	}
	w.wmu.Unlock()
	if errors.Is(err, wire.ErrTooLarge) {
		w.mu.Lock()
		w.drop(inf)
		w.mu.Unlock()
		pd.failAll(fmt.Errorf("%w: the arguments of %s are larger than 4 GiB", ErrEncoding, shortName(pd.e.name())))
		return skipped
	}
	return started
}

// growAhead grows w's pipe to pipeSize, once, and raises its bound of bytes sent
// ahead to half the pipe's new size. A pipe that cannot grow (the user's
// pipe buffers are at their limit) keeps the bound. Called with wmu held.
func (w *worker) growAhead() {
	w.grown = true
	if w.closed {
		return
	}
	_ = growPipe(w.toW, pipeSize)
	n, err := pipeCapacity(w.toW)
	if err != nil || n/2 <= aheadBytes {
		return
	}
	w.mu.Lock()
	w.ahead = n / 2
	w.mu.Unlock()
}

// writeFrame writes the frame built in w.enc. A small frame of a task
// sent ahead waits in pend while the worker is corked; any other is
// written at once, after what pend holds. Called with wmu held.
func (w *worker) writeFrame(ahead bool) error {
	if ahead && w.corked && w.enc.Len() <= corkedFrame {
		_, err := w.enc.WriteTo(&w.pend)
		return err
	}
	if w.pend.Len() == 0 {
		_, err := w.enc.WriteTo(w.out)
		return err
	}
	if w.enc.Len() <= corkedFrame {
		if _, err := w.enc.WriteTo(&w.pend); err != nil {
			return err
		}
		return w.flushLocked()
	}
	if err := w.flushLocked(); err != nil {
		return err
	}
	_, err := w.enc.WriteTo(w.out)
	return err
}

// corkedFrame is the largest frame held back in pend.
const corkedFrame = 64 << 10

// flushLocked writes what pend holds. An error means the worker is gone:
// the frames held were all of tasks sent ahead, which its reader's exit
// sends elsewhere, still pending. Called with wmu held.
func (w *worker) flushLocked() error {
	if w.pend.Len() == 0 {
		return nil
	}
	_, err := w.out.Write(w.pend.Bytes())
	w.pend.Reset()
	if err != nil {
		w.kill(nil)
	}
	return err
}

// cork makes w hold back the frames of tasks sent ahead until uncork: the
// reader corks it while results that came together are handled, so that
// the tasks given in their place go in one write.
func (w *worker) cork(on bool) {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	if w.corked = on; !on {
		_ = w.flushLocked()
	}
}

// corkBatch corks w for the calls given to it together, unless it is
// corked already, and reports whether it did: the caller then uncorks it.
func (w *worker) corkBatch() bool {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	if w.corked {
		return false
	}
	w.corked = true
	return true
}

// drop removes inf, which was never sent, from the window. Called with
// mu held.
func (w *worker) drop(inf *inflight) {
	for i, x := range w.win {
		if x == inf {
			w.win = append(w.win[:i], w.win[i+1:]...)
			w.bytes -= inf.size
			break
		}
	}
	inf.release()
}

// lost handles an error writing inf's call frame. It means the worker is
// gone (its end of the pipe closed with it), and that it did not get the
// whole frame, so it runs none of the calls: the reader's exit sends them
// to another worker, still pending (the claim word was never moved) or
// still claimed, instead of failing them as if they had run. Called with
// wmu held, which the exit takes before it takes the window.
func (w *worker) lost(inf *inflight) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.killLocked(nil)
	inf.unsent = true
}

// encode builds inf's call frame. Called with wmu held.
func (w *worker) encode(inf *inflight) error {
	pd := &inf.pending
	w.enc.Begin()
	l, err := pd.e.send(w.enc, pd)
	if err != nil {
		return err
	}
	w.call = wire.Call{ID: inf.id, Func: pd.e.name(), N: pd.t.Len(), Index: pd.idx, Values: l}
	c := &w.call
	if inf.gate != nil {
		c.Claim = inf.gate.seq
	}
	if ctx := pd.t.Context(); ctx != nil {
		if d, ok := ctx.Deadline(); ok {
			c.Deadline = deadlineNanos(d)
		}
	}
	w.enc.Head(c)
	w.call = wire.Call{}
	return nil
}

// The deadlines a call frame can carry: an int64 of Unix nanoseconds
// spans the years 1678 to 2262.
var (
	maxDeadline = time.Unix(0, math.MaxInt64)
	minDeadline = time.Unix(0, math.MinInt64)
)

// deadlineNanos is d in Unix nanoseconds for a call frame, clamped to what
// the frame can carry: d.UnixNano() is undefined beyond, and a deadline
// centuries away arrived in the past. 0 means no deadline, so a deadline
// of exactly the epoch (long past either way) is sent 1 ns earlier.
func deadlineNanos(d time.Time) int64 {
	switch {
	case d.After(maxDeadline):
		return math.MaxInt64
	case d.Before(minDeadline):
		return math.MinInt64
	}
	if n := d.UnixNano(); n != 0 {
		return n
	}
	return -1
}

// room returns how many more tasks w may be given. Called with p.mu
// held.
func (w *worker) room() int {
	n := window - w.load
	if w.claims == nil {
		n = 1 - w.load
	}
	if m := w.p.cfg.maxTasks; m > 0 {
		n = min(n, m-w.given)
	}
	return n
}

// give counts pd as given to w. Called with p.mu held.
func (w *worker) give() {
	w.load++
	w.given++
}

// next gives w queued tasks while it has room, or makes it idle (and lets
// it take back calls sent ahead to a busier worker), or retires it if the
// pool is shut down and has no more work. done is the number of tasks w
// just answered or could not send.
func (w *worker) next(done int) {
	p := w.p
	for {
		p.mu.Lock()
		w.load -= done
		batch := w.spare[:0] // nil if another next fills it
		w.spare = nil
		// A worker with many calls ahead is refilled only once half of
		// them are answered, so that the calls go in one write, and the
		// worker reads them in one, rather than one of each per result.
		refill := w.claims == nil || w.load <= refillAt
		for refill && w.takes && w.room() > 0 {
			pd, ok := p.queue.peek()
			if !ok || (w.load > 0 && (pd.gated == nil || w.claims == nil)) {
				break // a task that cannot be sent ahead waits for an idle worker
			}
			if w.load > 0 && (p.starting > 0 || pd.big) {
				break // leave the rest to the workers starting; a large frame waits until w is idle
			}
			p.queue.pop()
			w.give()
			batch = append(batch, pd)
		}
		var thief bool
		if len(batch) == 0 {
			w.spare = batch // keep what it holds
		}
		if w.load == 0 { // batch is empty, and back in spare
			stop := p.shut || p.broken != nil || !w.takes
			if stop {
				w.takes = false
			} else {
				p.idle = append(p.idle, w)
				thief = true
			}
			p.mu.Unlock()
			if stop {
				w.retire()
			}
			if thief {
				p.steal(w)
			}
			return
		}
		p.mu.Unlock()
		if len(batch) == 0 {
			return // nothing to send: the worker has calls ahead still
		}
		done = 0
		corked := len(batch) > 1 && w.corkBatch()
		for _, pd := range batch {
			switch w.start(&pd) {
			case skipped:
				done++
			case gone:
				done++
				p.redispatch(pd)
			case full:
				done++
				p.requeue(pd)
			}
		}
		if corked {
			w.cork(false)
		}
		clear(batch) // the tasks are the workers' or the queue's now
		p.mu.Lock()
		w.spare = batch[:0]
		p.mu.Unlock()
		if done == 0 {
			return
		}
	}
}

// steal takes back calls sent ahead to busier workers for thief, which
// just became idle with nothing queued, so that no call waits behind a
// long one while a worker is free. Only calls whose claim words are still
// pending are taken: they go to thief, still pending.
func (p *Pool) steal(thief *worker) {
	type victim struct {
		w    *worker
		load int
	}
	p.mu.Lock()
	var victims []victim
	for w := range p.workers {
		if w != thief && w.takes && w.load > 1 {
			victims = append(victims, victim{w, w.load})
		}
	}
	p.mu.Unlock()
	slices.SortFunc(victims, func(a, b victim) int { return b.load - a.load })
	for _, v := range victims {
		if taken := v.w.recall(); len(taken) > 0 {
			for _, pd := range taken {
				p.redispatch(pd)
			}
			return
		}
	}
}

// recall takes back half of the calls sent ahead to w that have not
// started, the last sent first, and returns them in the order they were
// sent.
func (w *worker) recall() []pending {
	w.mu.Lock()
	defer w.mu.Unlock()
	var ahead []*inflight                            // those that may still be taken back
	for _, inf := range w.win[min(1, len(w.win)):] { // the first runs, or is about to
		if !inf.recalled && inf.gate != nil {
			ahead = append(ahead, inf)
		}
	}
	var taken []pending
	for _, inf := range ahead[len(ahead)/2:] {
		if inf.gate.move(claimRecalled) != claimRecalled {
			continue // started meanwhile, or cancelled
		}
		inf.recalled = true
		inf.release()
		inf.detach()
		taken = append(taken, inf.pending)
	}
	return taken
}

// retire closes the pipe to the worker: it exits when it reads the end.
func (w *worker) retire() {
	w.mu.Lock()
	w.dead = true
	w.mu.Unlock()
	w.closeTo()
}

func (w *worker) closeTo() {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	if !w.closed {
		w.closed = true
		w.toW.Close()
	}
	w.summon() // the reader reads to the end
}

// kill kills the worker's process group at once; cause says why, for the
// error of the task it ran.
func (w *worker) kill(cause error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.killLocked(cause)
}

func (w *worker) killLocked(cause error) {
	if w.cause == nil {
		w.cause = cause
	}
	w.dead = true
	if w.cmd != nil && w.cmd.Process != nil && !w.exited {
		killProcess(w.cmd.Process)
	}
	w.summon() // the reader reads to the end
}

// cancel handles the end of inf's context: a task sent ahead that has not
// started is cancelled through its claim word (its calls' futures see the
// context's end themselves); a running one is told, and the grace timer
// armed that kills the worker if it does not return in time.
func (w *worker) cancel(inf *inflight, ctx context.Context) {
	if inf.gate != nil && inf.gate.move(claimCancelled) != claimRunning {
		return
	}
	w.wmu.Lock()
	defer w.wmu.Unlock()
	w.mu.Lock()
	live := w.holds(inf) && !w.closed
	if live && w.p.cfg.grace > 0 {
		grace := w.p.cfg.grace
		cause := fmt.Errorf("the task went on %v after its context ended: %w", grace, ctx.Err())
		inf.grace = time.AfterFunc(grace, func() {
			w.mu.Lock()
			defer w.mu.Unlock()
			if w.holds(inf) {
				w.killLocked(cause)
			}
		})
	}
	w.mu.Unlock()
	if live {
		w.enc.Begin()
		w.enc.Head(&wire.Cancel{ID: inf.id, Expired: errors.Is(ctx.Err(), context.DeadlineExceeded)})
		_ = w.writeFrame(false) // if the worker is gone, its reader reports it
	}
}

// holds reports whether inf is sent to w and not answered. Called with mu
// held.
func (w *worker) holds(inf *inflight) bool {
	for _, x := range w.win {
		if x == inf {
			return true
		}
	}
	return false
}
