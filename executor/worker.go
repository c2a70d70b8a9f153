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
// Recording a call costs a few nanoseconds: the worker counts its calls
// in a plain field and publishes the count after every timed call, every
// 32 calls and at Flush (which an executor calls when the worker goes
// idle or exits), so the count of a busy worker running calls shorter
// than about 20 µs may lag in Stats by up to 31 calls; failures, and the
// calls of slower workers, are published at once. One call in 64 (every call, once calls take longer
// than about 20 µs) is also timed, which costs two clock readings. Busy time is the time spent in
// calls, estimated from the timed ones; idle time is the rest of the
// worker's life. A state change reads no clock.
type Worker struct {
	c       *Collector
	info    WorkerInfo
	ctx     context.Context // context.Background() carrying info
	started time.Time

	state   atomic.Int32 // a WorkerState
	exited  atomic.Int64 // Unix nanoseconds of the exit; 0 before
	busy    atomic.Int64 // nanoseconds spent in calls (estimated)
	startup atomic.Int64 // nanoseconds from start to the first state after WorkerStarting
	cur     atomic.Int64 // Unix nanoseconds of the start of the timed call running; 0 if none

	published         atomic.Int64 // the worker's count of calls ended (Begin and End), as of its last publication
	other             atomic.Int64 // calls ended by Observe and Cancelled
	failed, cancelled atomic.Int64 // of the ended ones
	running           atomic.Int64 // calls running elsewhere (SetRunning)
	lastErr           atomic.Pointer[string]
	hist              histogram

	n     uint32 // calls begun, for sampling; the worker's goroutine only
	slow  bool   // the last timed call was slow: time every call
	ended int64  // calls ended by End; the worker's goroutine only
}

// publishEvery is how many calls a busy worker ends between publications
// of its count.
const publishEvery = 32

// Begun is the token of a call begun with Worker.Begin.
type Begun struct {
	start  int64 // Unix nanoseconds; 0 if the call is not timed
	weight int64 // how many calls the timed call stands for
}

// sampleEvery is how many fast calls stand for one timed call.
const sampleEvery = 64

// slowCall is the duration from which every call is timed.
const slowCall = 20 * time.Microsecond

// Info returns the worker's identity.
func (w *Worker) Info() WorkerInfo { return w.info }

// Context returns parent carrying the worker's identity, for the calls the
// worker runs (see WorkerFrom). For nil or context.Background() it returns
// a context made once, so that it costs nothing per call.
func (w *Worker) Context(parent context.Context) context.Context {
	if parent == nil || parent == context.Background() {
		return w.ctx
	}
	return WithWorker(parent, w.info)
}

// State returns the worker's current state.
func (w *Worker) State() WorkerState { return WorkerState(w.state.Load()) }

// SetState moves the worker to state s. WorkerExited is final: the worker
// moves to the Collector's exited workers and its idle time stops.
func (w *Worker) SetState(s WorkerState) {
	old := WorkerState(w.state.Swap(int32(s)))
	if old == WorkerExited {
		w.state.Store(int32(WorkerExited))
		return
	}
	if old == WorkerStarting && s != WorkerStarting {
		w.startup.CompareAndSwap(0, max(int64(time.Since(w.started)), 1))
	}
	if s == WorkerExited {
		w.exited.Store(time.Now().UnixNano())
		w.c.exit(w)
	}
}

// Begin records that the worker starts a call and returns its token for
// End.
func (w *Worker) Begin() Begun {
	w.n++
	switch {
	case w.slow:
		b := Begun{start: time.Now().UnixNano(), weight: 1}
		w.cur.Store(b.start)
		return b
	case w.n%sampleEvery == 0:
		return Begun{start: time.Now().UnixNano(), weight: sampleEvery}
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
		w.timed(d, 1)
		w.busy.Add(int64(d) * b.weight)
		if b.weight == 1 {
			w.cur.Store(0)
		}
	}
	if err != nil {
		w.fail(err)
	}
	w.ended++
	if b.start != 0 || w.ended%publishEvery == 0 {
		w.published.Store(w.ended) // at once after a timed call: a slow worker's count never lags
	}
}

// Flush publishes the count of calls ended with End, so that Stats shows
// it exactly. The worker's goroutine calls it, when it goes idle and
// before it exits.
func (w *Worker) Flush() { w.published.Store(w.ended) }

// endedCalls returns the calls ended on the worker, as published.
func (w *Worker) endedCalls() int64 { return w.published.Load() + w.other.Load() }

// Observe records a call that ran elsewhere (in a worker process) and
// took d, with outcome err as for End. It is safe for concurrent use.
func (w *Worker) Observe(d time.Duration, err error) {
	if err != nil {
		w.fail(err)
	}
	w.ObserveN(1, d)
}

// ObserveN records n calls that ran elsewhere, took d each and
// succeeded: Observe(d, nil) n times, in one step. It is safe for
// concurrent use.
func (w *Worker) ObserveN(n int, d time.Duration) {
	if n <= 0 {
		return
	}
	if d > 0 {
		w.timed(d, int64(n))
		w.busy.Add(int64(d) * int64(n))
	}
	w.other.Add(int64(n))
}

// SetRunning says that n calls run on the worker now, for executors that
// run them elsewhere and record them with Observe. A worker that runs its
// calls itself (Begin and End) counts as running one call while its state
// is WorkerBusy.
func (w *Worker) SetRunning(n int) { w.running.Store(int64(n)) }

// Cancelled records that n calls handed to the worker were skipped,
// cancelled before they started.
func (w *Worker) Cancelled(n int) {
	w.cancelled.Add(int64(n))
	w.other.Add(int64(n))
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
	f, c := w.failed.Load(), w.cancelled.Load()
	ended := w.endedCalls()
	return counts{done: max(ended-f-c, 0), failed: f, cancelled: c}
}

func (w *Worker) snapshot(now time.Time) WorkerStats {
	end := now.UnixNano()
	if e := w.exited.Load(); e != 0 {
		end = e
	}
	busy := w.busy.Load()
	if cur := w.cur.Load(); cur != 0 && cur < end {
		busy += end - cur // the call running now, so far
	}
	life := end - w.started.UnixNano()
	busy = min(busy, life)
	s := WorkerStats{
		WorkerInfo: w.info,
		State:      w.State(),
		Tasks:      max(w.endedCalls()-w.cancelled.Load(), 0),
		Failed:     w.failed.Load(),
		Busy:       time.Duration(busy),
		Idle:       time.Duration(max(life-busy, 0)),
		Started:    w.started,
		Startup:    time.Duration(w.startup.Load()),
	}
	if p := w.lastErr.Load(); p != nil {
		s.LastError = *p
	}
	return s
}

// inCall returns the calls running on the worker: those SetRunning said,
// or, for a worker that runs its calls itself, one while it is busy.
func (w *Worker) inCall() int64 {
	if n := w.running.Load(); n > 0 {
		return n
	}
	if w.State() == WorkerBusy {
		return 1
	}
	return 0
}
