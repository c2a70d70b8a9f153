package cluster

import (
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// monitor pings the workers that hold this executor's running tasks and
// declares lost those that stay silent for lostAfter while this executor
// is connected. A SIGKILLed worker's subscriptions vanish with its
// connection, so it is found within lostAfter; a server restart pauses
// the clock, since nobody can answer then.
func (e *Executor) monitor() {
	defer e.bg.Done()
	tick := time.NewTicker(e.cfg.lostAfter / 4)
	defer tick.Stop()
	for {
		select {
		case <-e.stopMonitor:
			return
		case <-tick.C:
		}
		if !e.nc.IsConnected() {
			e.forgive()
			continue
		}
		var wg sync.WaitGroup
		for _, w := range e.holders() {
			wg.Go(func() {
				if e.ping(w) {
					return
				}
				if e.silent(w) && e.nc.IsConnected() {
					e.lost(w)
				}
			})
		}
		wg.Wait()
	}
}

// silent reports whether worker w has not been heard for lostAfter.
func (e *Executor) silent(w string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	seen, ok := e.seen[w]
	return !ok || time.Since(seen) > e.cfg.lostAfter
}

// forgive restarts every worker's clock: while this executor is
// disconnected it cannot hear anyone.
func (e *Executor) forgive() {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	for w := range e.seen {
		e.seen[w] = now
	}
}

// holders returns the workers that hold running tasks, and forgets the
// others.
func (e *Executor) holders() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	busy := map[string]bool{}
	for _, tk := range e.tasks {
		if tk.worker != "" {
			busy[tk.worker] = true
		}
	}
	ws := make([]string, 0, len(busy))
	for w := range e.seen {
		if busy[w] {
			ws = append(ws, w)
		} else {
			delete(e.seen, w)
		}
	}
	return ws
}

// ping reports whether worker w answers, and notes when it did.
func (e *Executor) ping(w string) bool {
	_, err := e.nc.Request(workerSubject(e.cfg.queue, w)+".ping", nil, e.cfg.lostAfter/4)
	if err != nil {
		return false
	}
	e.mu.Lock()
	e.seen[w] = time.Now()
	e.mu.Unlock()
	return true
}

// lost handles the loss of worker w: each task it held runs again if
// retries are left, and fails with ErrWorkerLost otherwise.
func (e *Executor) lost(w string) {
	var failed, retried []*task
	e.mu.Lock()
	delete(e.seen, w)
	for _, tk := range e.tasks {
		if tk.worker != w {
			continue
		}
		tk.worker = ""
		if tk.retries < e.cfg.retries && e.state != stateTerminated {
			e.unassignLocked(tk) // the retry is recorded on the worker that runs it
			tk.retries++
			retried = append(retried, tk)
			continue
		}
		e.forgetLocked(tk)
		failed = append(failed, tk)
	}
	e.goneLocked(w)
	e.mu.Unlock()
	err := fmt.Errorf("%w: worker %s stopped answering", ErrWorkerLost, w)
	e.resolving(func() {
		for _, tk := range failed {
			e.failCalls(tk, err)
		}
	})
	for _, tk := range retried {
		// A copy of its own: the original may still be held, or removed.
		m := nats.NewMsg(tk.msg.Subject)
		for k, v := range tk.msg.Header {
			m.Header[k] = v
		}
		m.Header.Set("Nats-Msg-Id", fmt.Sprintf("%s.r%d", tk.msg.Header.Get("Nats-Msg-Id"), tk.retries))
		m.Data = tk.msg.Data
		e.publish(tk, m)
	}
}
