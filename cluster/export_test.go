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
