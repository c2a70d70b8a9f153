package cluster

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// The executor owns its tasks: a worker asks it before it starts one
// (onClaim), so that a future cancelled while pending never runs anywhere,
// and hands it the outcome (onResult). The executor's answers are the
// only truth about a task; JetStream only carries the tasks to workers
// and gives them to another worker when one goes silent.

// onClaim answers a batch of claims of one worker: may it start these
// tasks, and which of their calls?
func (e *Executor) onClaim(m *nats.Msg) {
	worker, items, err := decodeBatch(m.Data)
	if err != nil {
		return // not from a worker of this package: let it time out
	}
	replies := make([][]byte, len(items))
	var contested []int
	e.mu.Lock()
	for i, it := range items {
		id, n := binary.Uvarint(it)
		if n <= 0 {
			replies[i] = []byte{replyDrop}
			continue
		}
		if replies[i] = e.claimLocked(id, worker); replies[i] == nil {
			contested = append(contested, i)
		}
	}
	e.mu.Unlock()
	if len(contested) == 0 {
		_ = m.Respond(encodeBatch("", replies))
		return
	}
	go func() { // pinging the holders takes time: answer from elsewhere
		for _, i := range contested {
			id, _ := binary.Uvarint(items[i])
			replies[i] = e.contest(id, worker)
		}
		_ = m.Respond(encodeBatch("", replies))
	}()
}

// claimOne answers worker's claim of task id, or returns nil if another
// worker holds the task.
func (e *Executor) claimOne(id uint64, worker string) []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.claimLocked(id, worker)
}

// claimLocked is claimOne with e.mu held.
func (e *Executor) claimLocked(id uint64, worker string) []byte {
	tk := e.tasks[id]
	switch {
	case tk == nil || e.state == stateTerminated:
		// Done, cancelled, failed, or not ours any more.
		return []byte{replyDrop}
	case tk.worker == "" || tk.worker == worker:
		// Queued (or to be retried), or the same worker asking again
		// because our answer was lost.
		if !tk.started && !e.startLocked(tk) {
			return []byte{replyDrop}
		}
		tk.worker = worker
		e.assignLocked(tk, worker)
		if _, ok := e.seen[worker]; !ok {
			e.seen[worker] = time.Now()
		}
		return encodeRun(tk.run)
	}
	return nil
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
	e.discardCancelled(n - len(run))
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

// contest decides between the worker holding task id and worker, which
// claims it: JetStream gave it to worker because the holder went silent
// for a while. If the holder still answers, or was heard within
// lostAfter, it keeps the task: after a server restart JetStream gives
// out again what it had given, while the holder may still be
// reconnecting. The monitor declares it lost if it stays silent.
func (e *Executor) contest(id uint64, worker string) []byte {
	e.mu.Lock()
	tk := e.tasks[id]
	holder := ""
	if tk != nil {
		holder = tk.worker
	}
	e.mu.Unlock()
	if holder != "" && holder != worker {
		if e.ping(holder) || !e.silent(holder) {
			return []byte{replyDrop}
		}
		e.lost(holder)
	}
	if r := e.claimOne(id, worker); r != nil {
		return r
	}
	return []byte{replyDrop}
}

// onResult takes a batch of outcomes from a worker.
func (e *Executor) onResult(m *nats.Msg) {
	_, items, err := decodeBatch(m.Data)
	if err != nil {
		return
	}
	done := make([]*task, 0, len(items))
	payloads := make([][]byte, 0, len(items))
	e.mu.Lock()
	for _, it := range items {
		id, n := binary.Uvarint(it)
		if n <= 0 {
			continue
		}
		tk := e.tasks[id]
		if tk == nil || !tk.started {
			continue // already resolved: a late or second copy
		}
		e.forgetLocked(tk)
		done = append(done, tk)
		payloads = append(payloads, it[n:])
	}
	e.mu.Unlock()
	_ = m.Respond(encodeBatch("", make([][]byte, len(items))))
	if len(done) == 0 {
		return
	}
	e.resolving(func() {
		for i, tk := range done {
			if err := tk.fn.Finish(tk.t, tk.run, payloads[i], e.observer(tk)); err != nil {
				e.failCalls(tk, err)
			}
		}
	})
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
	observe := e.observer(tk)
	if tk.run == nil {
		for i := range tk.t.Len() {
			observe(err)
			tk.t.Fail(i, err)
		}
		return
	}
	for _, i := range tk.run {
		observe(err)
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
			worker := tk.worker
			e.mu.Unlock()
			e.resolving(func() { e.failCalls(tk, fmt.Errorf("%w for %v: %w", ErrCancelIgnored, e.cfg.cancelGrace, cause)) })
			if e.local != nil {
				e.local.replace(worker) // a local worker: stop the runaway call
			}
		})
	}
}
