package processpool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/gocurrent/futures/internal/wire"
)

// worker is the parent's handle on one worker process. One goroutine, the
// reader, reads the worker's frames; whoever holds the worker (Execute
// when it took it idle, or the reader after a result) writes the next call.
// Lock order: wmu before mu.
type worker struct {
	p     *Pool
	cmd   *exec.Cmd
	pid   int
	toW   *os.File  // parent's end of the pipe to the worker; closing it retires the worker
	out   io.Writer // writes toW
	fromW *os.File
	dec   *wire.Decoder // the reader's
	tasks int           // the reader's: results received
	ready bool          // passed its handshake; under p.mu
	delay time.Duration // the spawner waits this long before starting it

	wmu    sync.Mutex // serialises frames to the worker
	enc    *wire.Encoder
	closed bool // toW is closed

	mu     sync.Mutex
	cur    *inflight // the task the worker runs
	dead   bool      // killed, retiring or exited: it takes no more tasks
	exited bool      // reaped: its pid may belong to another process
	cause  error     // why the pool killed it
}

type startResult int

const (
	started startResult = iota // the task is the worker's now
	skipped                    // nothing to send: its calls were cancelled, or failed to encode
	gone                       // the worker cannot take it; the task is claimed, send it elsewhere
)

// start claims pd's calls and sends them to w. The caller holds w: it took
// it from the idle list, or is its reader.
func (w *worker) start(pd *pending) startResult {
	if !pd.claim() {
		return skipped
	}
	w.wmu.Lock()
	inf, err := w.encode(pd)
	if err != nil {
		w.wmu.Unlock()
		pd.failAll(err)
		return skipped
	}
	w.mu.Lock()
	if w.dead {
		w.mu.Unlock()
		w.wmu.Unlock()
		return gone
	}
	w.cur = inf
	inf.watch(w)
	w.mu.Unlock()
	_, err = w.enc.WriteTo(w.out)
	if err != nil && !errors.Is(err, wire.ErrTooLarge) {
		defer w.wmu.Unlock()
		return w.lost(inf)
	}
	w.wmu.Unlock()
	if errors.Is(err, wire.ErrTooLarge) {
		w.mu.Lock()
		w.cur = nil
		inf.release()
		w.mu.Unlock()
		pd.failAll(fmt.Errorf("%w: the arguments of %s are larger than 4 GiB", ErrEncoding, shortName(pd.e.name())))
		return skipped
	}
	return started
}

// lost handles an error writing inf's call frame. It means the worker is
// gone (its end of the pipe closed with it), and that it did not get the
// whole frame, so it runs none of the calls: they go to another worker,
// still claimed, instead of failing as if they had run. Called with wmu
// held, which the reader's exit takes before it fails the worker's task,
// so inf is still the worker's.
func (w *worker) lost(inf *inflight) startResult {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.killLocked(nil)
	if w.cur != inf {
		return started // failed by the reader already
	}
	w.cur = nil
	inf.release()
	return gone
}

// encode builds pd's call frame. Called with wmu held.
func (w *worker) encode(pd *pending) (*inflight, error) {
	inf := &inflight{pending: *pd, id: w.p.ids.Add(1)}
	w.enc.Begin()
	l, err := pd.e.send(w.enc, pd)
	if err != nil {
		return nil, err
	}
	c := wire.Call{ID: inf.id, Func: pd.e.name(), N: pd.t.Len(), Index: pd.idx, Values: l}
	if ctx := pd.t.Context(); ctx != nil {
		if d, ok := ctx.Deadline(); ok {
			c.Deadline = deadlineNanos(d)
		}
	}
	w.enc.Head(&c)
	return inf, nil
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

// next gives w the next queued task, or makes it idle, or retires it if the
// pool is shut down and has no more work.
func (w *worker) next() {
	p := w.p
	for {
		p.mu.Lock()
		pd, ok := p.queue.pop()
		if !ok {
			stop := p.shut || p.broken != nil
			if !stop {
				p.idle = append(p.idle, w)
			}
			p.mu.Unlock()
			if stop {
				w.retire()
			}
			return
		}
		p.mu.Unlock()
		switch w.start(&pd) {
		case started:
			return
		case gone:
			_ = p.dispatch(pd) // claimed: never refused
			return
		}
	}
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
}

// cancel tells the worker that inf's context ended, and arms the grace
// timer that kills the worker if inf does not return in time.
func (w *worker) cancel(inf *inflight, ctx context.Context) {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	w.mu.Lock()
	live := w.cur == inf && !w.closed
	if live && w.p.cfg.grace > 0 {
		grace := w.p.cfg.grace
		cause := fmt.Errorf("the task went on %v after its context ended: %w", grace, ctx.Err())
		inf.grace = time.AfterFunc(grace, func() {
			w.mu.Lock()
			defer w.mu.Unlock()
			if w.cur == inf {
				w.killLocked(cause)
			}
		})
	}
	w.mu.Unlock()
	if live {
		w.enc.Begin()
		w.enc.Head(&wire.Cancel{ID: inf.id, Expired: errors.Is(ctx.Err(), context.DeadlineExceeded)})
		_, _ = w.enc.WriteTo(w.out) // if the worker is gone, its reader reports it
	}
}
