package cluster

import (
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

var _ executor.StatsReporter = (*Executor)(nil)

// Stats returns a snapshot of the executor's statistics, as the process
// pool's: calls queued (published, not yet claimed by a worker), running,
// done, failed and cancelled; each worker that ran calls for this
// executor, by its name on the queue, with its state, calls, busy time and
// last error; call durations and the recent errors with their stacks.
// Durations are measured here, from a worker's claim to its result, so
// they include the trip back; a task's time is shared out evenly among its
// calls. A worker found lost is shown exited. It is safe for concurrent
// use and may be called after Shutdown.
func (e *Executor) Stats() executor.Stats { return e.stats.Stats() }

// remote is the record of one worker that claimed calls of this executor.
type remote struct {
	rec     *executor.Worker
	running int // calls it holds now
}

// newCollector makes the executor's Collector.
func (e *Executor) newCollector() {
	e.stats = executor.NewCollector("cluster", e.cfg.queue, func() int64 {
		e.mu.Lock()
		defer e.mu.Unlock()
		var n int64
		for _, tk := range e.tasks {
			if !tk.started {
				n += int64(tk.t.Len())
			}
		}
		return n
	})
}

// assignLocked records that worker holds tk's started calls from now on.
// Called with e.mu held.
func (e *Executor) assignLocked(tk *task, worker string) {
	if tk.holder != nil && tk.holder != e.remotes[worker] {
		e.unassignLocked(tk)
	}
	if tk.holder != nil {
		return
	}
	r := e.remotes[worker]
	if r == nil {
		r = &remote{rec: e.stats.NewWorker(executor.WorkerInfo{Executor: e.cfg.queue, Name: worker})}
		e.remotes[worker] = r
	}
	tk.holder, tk.claimed = r, time.Now()
	r.running += tk.calls()
	r.rec.SetRunning(r.running)
	r.rec.SetState(executor.WorkerBusy)
}

// unassignLocked records that tk's worker no longer holds it. Called with
// e.mu held.
func (e *Executor) unassignLocked(tk *task) {
	r := tk.holder
	if r == nil {
		return
	}
	tk.holder = nil
	r.running -= tk.calls()
	r.rec.SetRunning(r.running)
	if r.running == 0 && r.rec.State() == executor.WorkerBusy {
		r.rec.SetState(executor.WorkerIdle)
	}
}

// observer returns the function that records each outcome of tk's calls
// on the worker that held it, or, if none did, as calls that never
// reached one.
func (e *Executor) observer(tk *task) func(error) {
	e.mu.Lock()
	r := tk.holder
	var d time.Duration
	if r != nil {
		d = time.Since(tk.claimed) / time.Duration(max(tk.calls(), 1))
	}
	e.unassignLocked(tk)
	e.mu.Unlock()
	if r == nil {
		return func(err error) { e.stats.Discard(1, err) }
	}
	return func(err error) { r.rec.Observe(d, err) }
}

// goneLocked shows worker as exited in the stats. Called with e.mu held.
func (e *Executor) goneLocked(worker string) {
	if r := e.remotes[worker]; r != nil {
		delete(e.remotes, worker)
		r.rec.SetState(executor.WorkerExited)
	}
}

// discardCancelled records the calls of tk that were cancelled before any
// worker started them.
func (e *Executor) discardCancelled(n int) {
	if n > 0 {
		e.stats.Discard(n, future.ErrCancelled)
	}
}

// calls returns how many calls of tk run, or would run, on its worker.
func (tk *task) calls() int {
	if tk.run != nil {
		return len(tk.run)
	}
	return tk.t.Len()
}
