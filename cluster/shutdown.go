package cluster

import (
	"github.com/gocurrent/futures/executor"
)

// Shutdown stops the executor accepting work (executor.Executor). With
// wait it returns once every task's outcome is in, the local workers have
// exited, the connection is closed and an embedded server is stopped with
// its store removed; without it, it returns at once and all that happens
// in the background. executor.CancelPending cancels the tasks no worker
// has started; executor.Terminate also fails the running ones with
// ErrTerminated, tells their workers to cancel them and kills the local
// workers. Shutdown may be called again, also concurrently. Shutdown(true)
// from a done callback that runs in one of the executor's own goroutines
// (where the futures it resolves run their callbacks) would wait for
// itself: it shuts down as Shutdown(false) does and returns
// ErrShutdownFromCallback.
func (e *Executor) Shutdown(wait bool, opts ...executor.ShutdownOption) error {
	o := executor.ShutdownConfig(opts...)
	var err error
	if wait && e.inResolver() {
		wait, err = false, ErrShutdownFromCallback
	}
	var cancelled, terminated []*task
	e.mu.Lock()
	if e.state == stateOpen {
		e.state = stateClosed
	}
	if o.Terminate {
		e.state = stateTerminated
	}
	for _, tk := range e.tasks {
		switch {
		case !tk.started && o.CancelPending:
			e.forgetLocked(tk)
			cancelled = append(cancelled, tk)
		case tk.started && o.Terminate:
			e.forgetLocked(tk)
			terminated = append(terminated, tk)
			if tk.worker != "" {
				_ = e.nc.Publish(workerSubject(e.cfg.queue, tk.worker)+".cancel",
					cancelMsg{owner: e.id, task: tk.id}.encode())
			}
		}
	}
	e.changed.Broadcast()
	e.mu.Unlock()
	for _, tk := range cancelled {
		e.discardCancelled(tk.t.Len())
		tk.t.Cancel()
	}
	for _, tk := range terminated {
		e.failCalls(tk, ErrTerminated)
	}
	if o.Terminate && e.local != nil {
		e.local.kill()
	}
	e.teardown.Do(func() { go e.drain() })
	if wait {
		<-e.done
	}
	return err
}

// drain waits until every task is resolved, then releases everything.
func (e *Executor) drain() {
	e.mu.Lock()
	for len(e.tasks) > 0 {
		e.changed.Wait()
	}
	e.mu.Unlock()
	e.release()
}

// release stops the local workers, the background goroutines, the
// connection and the embedded server. New calls it when it fails.
func (e *Executor) release() {
	if e.local != nil {
		e.local.stop()
	}
	close(e.stopMonitor)
	e.bg.Wait()
	for _, s := range e.subs {
		_ = s.Unsubscribe()
	}
	if e.nc != nil {
		e.nc.Close()
	}
	if e.srv != nil {
		e.srv.stop()
	}
	close(e.done)
}
