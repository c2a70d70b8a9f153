package processpool

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/wire"
)

// run is the reader goroutine of a worker: the handshake, then results
// until the worker exits, then the reaping.
func (w *worker) run() {
	defer w.p.wg.Done()
	defer w.p.own()()
	if err := w.handshake(); err != nil {
		w.abort(err)
		return
	}
	w.setState(executor.WorkerIdle)
	if w.exits = exitWatch(w.pid); w.exits != nil {
		w.p.wg.Add(1)
		go w.watchExit()
	}
	w.p.ready(w)
	w.exit(w.loop())
}

func (w *worker) loop() error {
	corked := false
	for {
		// Results that came together are handled corked, and the tasks
		// given in their place written at once after the last.
		if ready := w.dec.Ready(); ready != corked {
			w.cork(ready)
			corked = ready
		}
		if rested, err := w.rest(); err != nil {
			return err
		} else if rested {
			continue
		}
		k, err := w.dec.Next()
		if err != nil {
			return err
		}
		if k == wire.KindProgress {
			if err := w.progress(); err != nil {
				return err
			}
			continue
		}
		if k != wire.KindResult {
			return fmt.Errorf("%w: unexpected frame kind %d", wire.ErrProtocol, k)
		}
		apply, err := w.result(false)
		if apply != nil {
			apply()
			// Let the goroutines that apply woke (those waiting for the
			// results) run on this thread at once, rather than wait for
			// another thread to wake and steal them, which on an idle
			// machine costs tens of microseconds; unless more results
			// wait to be handled.
			if !w.dec.Ready() {
				runtime.Gosched()
			}
		}
		if err != nil {
			return err
		}
	}
}

// result handles a result frame: it starts the calls of a task sent
// ahead (they ran), gives the worker its next tasks, and returns the
// function that resolves the futures of this one, to be called next, so
// the worker does not wait for their callbacks; unless the worker has
// other calls already, and this one is a single call, resolved at once.
// It returns a nil function if it resolved nothing.
// With later, the futures are never resolved before result returns: a
// waiter reading for itself (readFor) resolves them once it no longer
// reads.
func (w *worker) result(later bool) (func(), error) {
	w.res = wire.Result{}
	r := &w.res
	if err := w.dec.Head(r); err != nil {
		return nil, err
	}
	w.mu.Lock()
	if len(w.win) == 0 || w.win[0].id != r.ID {
		w.mu.Unlock()
		return nil, fmt.Errorf("%w: a result for call %d, which the worker was not running", wire.ErrProtocol, r.ID)
	}
	inf := w.win[0]
	w.win[0] = nil
	w.win = w.win[1:]
	w.bytes -= inf.size
	if len(w.win) == 0 {
		w.win = w.win[:0:0]
	}
	inf.release()
	dead, recalled, ahead := w.dead, inf.recalled, len(w.win) > 0
	w.mu.Unlock()
	if r.Skipped {
		if err := w.skipped(inf, recalled); err != nil {
			return nil, err
		}
		if !dead {
			w.next(1)
		}
		return nil, nil
	}
	if recalled {
		// A call the worker ran was claimed for it: sent claimed, or its
		// word moved to running, which a call taken back cannot have.
		return nil, fmt.Errorf("%w: a result for call %d, which was taken back", wire.ErrProtocol, r.ID)
	}
	inf.started()
	var apply func()
	var err error
	if ahead && inf.count() == 1 && !later {
		// The worker has its next calls already: resolving this one
		// first holds it up in nothing, and costs no allocation. The
		// stats count it before its future ends, as below.
		w.observe(inf, r)
		err = inf.e.resolveOne(w.dec, r, inf, w.pid)
		apply = noApply
	} else {
		apply, err = inf.e.receive(w.dec, r, inf, w.pid)
		w.observe(inf, r)
	}
	if err == nil {
		err = w.dec.End()
	}
	w.tasks++
	switch {
	case err != nil || dead: // the reader goes on to the end of the connection
	case r.Retire || (w.p.cfg.maxTasks > 0 && w.tasks >= w.p.cfg.maxTasks):
		w.p.stopTaking(w)
		w.retire()
	default:
		w.next(1)
	}
	return apply, err
}

func noApply() {}

// skipped handles the answer to a call the worker did not run: its claim
// word was cancelled (the calls are resolved as cancelled, if they are not
// yet), or it was taken back (it went to another worker).
func (w *worker) skipped(inf *inflight, recalled bool) error {
	if err := w.dec.End(); err != nil {
		return err
	}
	if inf.gate == nil {
		return fmt.Errorf("%w: call %d, sent claimed, was skipped", wire.ErrProtocol, inf.id)
	}
	if !recalled {
		if st := inf.gate.state(); st != claimCancelled {
			return fmt.Errorf("%w: call %d was skipped with its claim word in state %d", wire.ErrProtocol, inf.id, st)
		}
		w.p.discard([]pending{inf.pending}, future.ErrCancelled)
		inf.t.Cancel()
	}
	w.observeSkipped()
	return nil
}

// stopTaking stops giving w tasks: it retires.
func (p *Pool) stopTaking(w *worker) {
	p.mu.Lock()
	w.takes = false
	p.removeIdle(w)
	p.mu.Unlock()
}

// exit handles the end of the connection: it kills a worker that broke the
// protocol or closed its end unasked, reaps it, fails the task it ran and
// sends the tasks sent ahead to it, which never started, to other
// workers.
func (w *worker) exit(err error) {
	w.mu.Lock()
	retiring := w.dead && w.cause == nil
	w.dead = true // it takes no more tasks
	w.mu.Unlock()
	w.p.stopTaking(w)
	switch {
	case err != io.EOF && !errors.Is(err, io.ErrUnexpectedEOF):
		w.kill(fmt.Errorf("it sent an invalid message: %w", err))
	case !retiring:
		w.kill(nil)
	}
	status := w.reap()
	// A call being written now fails to write (see lost); wait for that
	// before taking the worker's tasks.
	w.wmu.Lock()
	w.mu.Lock()
	win := w.win
	w.win, w.bytes = nil, 0
	cause := w.cause
	for _, inf := range win {
		inf.release()
	}
	w.mu.Unlock()
	w.wmu.Unlock()
	var xe *ExitError
	for _, inf := range win {
		switch {
		case inf.recalled:
			continue // sent elsewhere already
		case inf.gate != nil:
			// The worker is gone: nothing moves its word any more.
			switch inf.gate.move(claimRecalled) {
			case claimRecalled:
				inf.detach()
				w.p.redispatch(inf.pending)
				continue
			case claimCancelled:
				w.p.discard([]pending{inf.pending}, future.ErrCancelled)
				inf.t.Cancel()
				continue
			case claimDone:
				if w.kept(inf) {
					continue
				}
			}
		case inf.unsent:
			w.p.redispatch(inf.pending)
			continue
		}
		if xe == nil {
			xe = newExitError(w.pid, w.cmd.ProcessState, status, cause)
		}
		inf.started()
		w.observeFailed(inf, xe)
		inf.failAll(xe)
	}
	w.claims.release()
	w.setState(executor.WorkerExited)
	w.p.exited(w)
}

// kept resolves inf, a call the worker ran before it died, with the
// result frame it kept in the call's claim slot and had not written yet,
// and reports whether the slot held one.
func (w *worker) kept(inf *inflight) bool {
	frame := inf.gate.keptResult()
	if frame == nil {
		return false
	}
	d := wire.NewDecoder(bytes.NewReader(frame))
	var r wire.Result
	if k, err := d.Next(); err != nil || k != wire.KindResult || d.Head(&r) != nil || r.ID != inf.id || r.Skipped {
		return false
	}
	inf.started()
	apply, err := inf.e.receive(d, &r, inf, w.pid)
	if err == nil && d.End() != nil {
		return false
	}
	w.observe(inf, &r)
	apply()
	return true
}

// reap waits for the process to end and releases its pipes. A worker that
// was retired gets a while to exit before it is killed.
func (w *worker) reap() string {
	t := time.AfterFunc(10*time.Second, func() { w.kill(errors.New("it did not exit after its pipe was closed")) })
	err := w.cmd.Wait()
	t.Stop()
	w.mu.Lock()
	w.exited = true
	w.mu.Unlock()
	w.closeTo()
	w.fromW.Close()
	if w.cmd.ProcessState != nil {
		return w.cmd.ProcessState.String()
	}
	return err.Error()
}
