package processpool

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

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
	w.p.ready(w)
	w.exit(w.loop())
}

func (w *worker) loop() error {
	for {
		k, err := w.dec.Next()
		if err != nil {
			return err
		}
		if k != wire.KindResult {
			return fmt.Errorf("%w: unexpected frame kind %d", wire.ErrProtocol, k)
		}
		if err := w.result(); err != nil {
			return err
		}
	}
}

// result handles a result frame: it gives the worker its next task before
// resolving the futures of this one, so the worker does not wait for the
// futures' callbacks.
func (w *worker) result() error {
	var r wire.Result
	if err := w.dec.Head(&r); err != nil {
		return err
	}
	w.mu.Lock()
	inf := w.cur
	if inf == nil || inf.id != r.ID {
		w.mu.Unlock()
		return fmt.Errorf("%w: a result for call %d, which the worker was not running", wire.ErrProtocol, r.ID)
	}
	w.cur = nil
	inf.release()
	dead := w.dead
	w.mu.Unlock()
	apply, err := inf.e.receive(w.dec, &r, inf, w.pid)
	if err == nil {
		err = w.dec.End()
	}
	w.tasks++
	switch {
	case err != nil || dead: // the reader goes on to the end of the connection
	case r.Retire || (w.p.cfg.maxTasks > 0 && w.tasks >= w.p.cfg.maxTasks):
		w.retire()
	default:
		w.next()
	}
	apply()
	// Let the goroutines that apply woke (those waiting for the results)
	// run on this thread at once, rather than wait for another thread to
	// wake and steal them, which on an idle machine costs tens of
	// microseconds.
	runtime.Gosched()
	return err
}

// exit handles the end of the connection: it kills a worker that broke the
// protocol or closed its end unasked, reaps it, and fails the task it ran.
func (w *worker) exit(err error) {
	w.mu.Lock()
	retiring := w.dead && w.cause == nil
	w.dead = true // it takes no more tasks
	w.mu.Unlock()
	switch {
	case err != io.EOF && !errors.Is(err, io.ErrUnexpectedEOF):
		w.kill(fmt.Errorf("it sent an invalid message: %w", err))
	case !retiring:
		w.kill(nil)
	}
	status := w.reap()
	// A call being written now fails to write and goes to another worker
	// (see lost); wait for that before taking the worker's task.
	w.wmu.Lock()
	w.mu.Lock()
	inf := w.cur
	w.cur = nil
	cause := w.cause
	if inf != nil {
		inf.release()
	}
	w.mu.Unlock()
	w.wmu.Unlock()
	if inf != nil {
		inf.failAll(newExitError(w.pid, w.cmd.ProcessState, status, cause))
	}
	w.p.exited(w)
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
