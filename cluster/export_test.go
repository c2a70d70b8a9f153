package cluster

// WorkerPIDs returns the process ids of the local workers, for tests.
func (e *Executor) WorkerPIDs() []int {
	if e.local == nil {
		return nil
	}
	return e.local.pids()
}

// StoreDir returns the embedded server's store directory ("" with
// WithURL), for tests.
func (e *Executor) StoreDir() string {
	if e.srv == nil {
		return ""
	}
	return e.srv.dir
}

// ClaimAs claims the executor's only task as worker would, and returns its
// id, for tests of a worker that claimed a task and went quiet.
func (e *Executor) ClaimAs(worker string) (uint64, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for id := range e.tasks {
		return id, e.claimLocked(id, worker) != nil
	}
	return 0, false
}

// Contest is contest: worker claims task id, which another holds.
func (e *Executor) Contest(id uint64, worker string) { e.contest(id, worker) }
