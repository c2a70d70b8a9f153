package cluster

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// The executor owns its tasks: a worker asks it before it starts one
// (onClaim), so that a future cancelled while pending never runs anywhere,
// and hands it the outcome (onResult). The executor's answers are the
// only truth about a task; JetStream only carries the tasks to workers
// and gives them to another worker when one goes silent.

// onClaim answers a worker that wants to start a task.
func (e *Executor) onClaim(m *nats.Msg) {
	c, err := decodeClaim(m.Data)
	if err != nil {
		_ = m.Respond([]byte{replyDrop})
		return
	}
	e.mu.Lock()
	tk := e.tasks[c.task]
	switch {
	case tk == nil || e.state == stateTerminated:
		// Done, cancelled, failed, or not ours any more.
		e.mu.Unlock()
		_ = m.Respond([]byte{replyDrop})
	case tk.worker == "" || tk.worker == c.worker:
		// Queued (or to be retried), or the same worker asking again
		// because our answer was lost.
		if !tk.started && !e.startLocked(tk) {
			e.mu.Unlock()
			_ = m.Respond([]byte{replyDrop})
			return
		}
		tk.worker = c.worker
		if _, ok := e.seen[c.worker]; !ok {
			e.seen[c.worker] = time.Now()
		}
		run := tk.run
		e.mu.Unlock()
		_ = m.Respond(encodeRun(run))
	default:
		// Another worker holds it: JetStream gave it to this one because
		// the holder went silent for a while. Ask the holder.
		holder := tk.worker
		e.mu.Unlock()
		go e.contest(tk, holder, c, m)
	}
}

// startLocked starts the calls of tk that are still pending. It returns
// false, and forgets tk, if none was (all were cancelled).
func (e *Executor) startLocked(tk *task) bool {
	n := tk.t.Len()
	run := make([]int, 0, n)
	for i := range n {
		if tk.t.Start(i) {
			run = append(run, i)
		}
	}
	if len(run) == 0 {
		e.forgetLocked(tk)
		return false
	}
	if len(run) == n {
		run = nil
	}
	tk.started, tk.run = true, run
	tk.watch = context.AfterFunc(tk.t.Context(), func() { e.cancelRunning(tk) })
	return true
}

// contest decides between the worker holding tk and worker c claiming it.
func (e *Executor) contest(tk *task, holder string, c claim, m *nats.Msg) {
	if e.ping(holder) {
		_ = m.Respond([]byte{replyDrop}) // the holder is alive and still has it
		return
	}
	e.lost(holder)
	e.onClaim(m) // tk is now to be retried, or gone
}

// onResult takes the outcome of a task from a worker.
func (e *Executor) onResult(m *nats.Msg) {
	r, err := decodeResult(m.Data)
	if err != nil {
		_ = m.Respond(nil)
		return
	}
	e.mu.Lock()
	tk := e.tasks[r.task]
	if tk == nil || !tk.started {
		e.mu.Unlock()
		_ = m.Respond(nil) // already resolved: a late or second copy
		return
	}
	e.forgetLocked(tk)
	e.mu.Unlock()
	_ = m.Respond(nil)
	if err := tk.fn.Finish(tk.t, tk.run, r.payload); err != nil {
		e.failCalls(tk, err)
	}
}

// forgetLocked removes tk from the table and stops watching it.
func (e *Executor) forgetLocked(tk *task) {
	delete(e.tasks, tk.id)
	if tk.watch != nil {
		tk.watch()
	}
	if tk.grace != nil {
		tk.grace.Stop()
	}
	e.changed.Broadcast()
}

// failCalls fails the started calls of tk, which has been forgotten.
func (e *Executor) failCalls(tk *task, err error) {
	if tk.run == nil {
		for i := range tk.t.Len() {
			tk.t.Fail(i, err)
		}
		return
	}
	for _, i := range tk.run {
		tk.t.Fail(i, err)
	}
}

// cancelRunning tells the worker of tk that its context ended, and fails
// tk if the function is still running after the grace period.
func (e *Executor) cancelRunning(tk *task) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.tasks[tk.id] != tk {
		return
	}
	if tk.worker != "" {
		_ = e.nc.Publish(workerSubject(e.cfg.queue, tk.worker)+".cancel", cancelMsg{owner: e.id, task: tk.id}.encode())
	}
	if e.cfg.cancelGrace > 0 {
		cause := tk.t.Context().Err()
		tk.grace = time.AfterFunc(e.cfg.cancelGrace, func() {
			e.mu.Lock()
			if e.tasks[tk.id] != tk {
				e.mu.Unlock()
				return
			}
			e.forgetLocked(tk)
			e.mu.Unlock()
			e.failCalls(tk, fmt.Errorf("%w for %v: %w", ErrCancelIgnored, e.cfg.cancelGrace, cause))
		})
	}
}
