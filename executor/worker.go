package executor

import (
	"context"
	"sync/atomic"
	"time"
)

// Worker records the work of one worker of an executor into its
// Collector, and carries the worker's identity into the calls it runs.
// Make one with Collector.NewWorker. Begin and End are called by the
// worker's own goroutine, one call at a time; the other methods are safe
// for concurrent use.
//
// Recording a call costs two uncontended atomic additions; one call in
// sixteen (every call, once calls take longer than about 20 µs) is also
// timed, which costs two clock readings.
type Worker struct {
	c       *Collector
	info    WorkerInfo
	ctx     context.Context // context.Background() carrying info
	started time.Time

	state      atomic.Int32 // a WorkerState
	stateSince atomic.Int64 // Unix nanoseconds of the last state change
	busy, idle atomicDuration

	begun, ended      atomic.Int64 // calls begun and ended on this worker
	failed, cancelled atomic.Int64 // of the ended ones
	running           atomic.Int64 // calls running elsewhere (SetRunning)
	lastErr           atomic.Pointer[string]
	hist              histogram

	n    uint32 // calls begun, for sampling; the worker's goroutine only
	slow bool   // the last timed call was slow: time every call
}

// Begun is the token of a call begun with Worker.Begin.
type Begun struct{ start int64 }

// slowCall is the duration from which every call is timed.
const slowCall = 20 * time.Microsecond

// Info returns the worker's identity.
func (w *Worker) Info() WorkerInfo { return w.info }

// Context returns parent carrying the worker's identity, for the calls the
// worker runs (see WorkerFrom). For context.Background() it returns a
// context made once, so that it costs nothing per call.
func (w *Worker) Context(parent context.Context) context.Context {
	if parent == nil || parent == context.Background() {
		return w.ctx
	}
	return WithWorker(parent, w.info)
}

// SetState moves the worker to state s, adding the time spent in the
// previous state to its busy or idle time. WorkerExited is final: the
// worker moves to the Collector's exited workers.
func (w *Worker) SetState(s WorkerState) {
	now := time.Now().UnixNano()
	old := WorkerState(w.state.Swap(int32(s)))
	if old == WorkerExited {
		w.state.Store(int32(WorkerExited))
		return
	}
	w.account(old, time.Duration(now-w.stateSince.Swap(now)))
	if s == WorkerExited {
		w.c.exit(w)
	}
}

func (w *Worker) account(s WorkerState, d time.Duration) {
	switch s {
	case WorkerBusy:
		w.busy.add(d)
	case WorkerIdle:
		w.idle.add(d)
	}
}

// Begin records that the worker starts a call and returns its token for
// End.
func (w *Worker) Begin() Begun {
	w.begun.Add(1)
	w.n++
	if w.slow || w.n&15 == 0 {
		return Begun{start: time.Now().UnixNano()}
	}
	return Begun{}
}

// End records the outcome of the call begun with b: err nil is done, a
// cancellation (future.ErrCancelled) is cancelled, any other error a
// failure, kept with its stack among the recent errors.
func (w *Worker) End(b Begun, err error) {
	if b.start != 0 {
		d := time.Duration(time.Now().UnixNano() - b.start)
		w.slow = d >= slowCall
		w.hist.add(d)
	}
	if err != nil {
		w.fail(err)
	}
	w.ended.Add(1)
}

// Observe records a call that ran elsewhere (in a worker process) and
// took d, with outcome err as for End. It is safe for concurrent use.
func (w *Worker) Observe(d time.Duration, err error) {
	if err != nil {
		w.fail(err)
	}
	if d > 0 {
		w.hist.add(d)
	}
	w.begun.Add(1)
	w.ended.Add(1)
}

// SetRunning says that n calls run on the worker now, for executors that
// run them elsewhere and record them with Observe.
func (w *Worker) SetRunning(n int) { w.running.Store(int64(n)) }

// Cancelled records that n calls handed to the worker were skipped,
// cancelled before they started.
func (w *Worker) Cancelled(n int) {
	w.cancelled.Add(int64(n))
	w.begun.Add(int64(n))
	w.ended.Add(int64(n))
}

func (w *Worker) fail(err error) {
	if isCancelled(err) {
		w.cancelled.Add(1)
		return
	}
	w.failed.Add(1)
	msg := err.Error()
	w.lastErr.Store(&msg)
	w.c.record(w.info.Name, err)
}

// counts returns the outcomes of the calls that ended on the worker.
func (w *Worker) counts() counts {
	ended := w.ended.Load()
	f, c := w.failed.Load(), w.cancelled.Load()
	return counts{done: max(ended-f-c, 0), failed: f, cancelled: c}
}

func (w *Worker) snapshot(now time.Time) WorkerStats {
	s := WorkerStats{
		WorkerInfo: w.info,
		State:      WorkerState(w.state.Load()),
		Tasks:      w.ended.Load() - w.cancelled.Load(),
		Failed:     w.failed.Load(),
		Busy:       w.busy.get(),
		Idle:       w.idle.get(),
		Started:    w.started,
	}
	if s.State != WorkerExited {
		// Count the current state's time so far.
		since := max(time.Duration(now.UnixNano()-w.stateSince.Load()), 0)
		switch s.State {
		case WorkerBusy:
			s.Busy += since
		case WorkerIdle:
			s.Idle += since
		}
	}
	if p := w.lastErr.Load(); p != nil {
		s.LastError = *p
	}
	return s
}

// inCall returns the calls running on the worker.
func (w *Worker) inCall() int64 {
	ended := w.ended.Load()
	return max(w.begun.Load()-ended, 0) + w.running.Load()
}

// State returns the worker's current state.
func (w *Worker) State() WorkerState { return WorkerState(w.state.Load()) }
