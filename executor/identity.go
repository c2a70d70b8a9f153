package executor

import (
	"context"
	"fmt"
)

// WorkerInfo says which worker runs a call: a task reads it from its
// context with WorkerFrom, as a Python task reads
// threading.current_thread().name or mpire's worker_id.
type WorkerInfo struct {
	Executor string // the name of the executor the worker belongs to
	ID       int    // the worker's number in its executor, from 1
	Name     string // the worker's name, by default "<executor>-<ID>"
	PID      int    // the process the worker is (process pool) or runs in (thread pool)
}

// String returns the worker's name.
func (w WorkerInfo) String() string {
	if w.Name != "" {
		return w.Name
	}
	return fmt.Sprintf("%s-%d", w.Executor, w.ID)
}

type workerKey struct{}

// WithWorker returns a copy of parent that carries info, for executors
// that run calls: WorkerFrom finds it in the calls' contexts. A nil
// parent stands for context.Background().
func WithWorker(parent context.Context, info WorkerInfo) context.Context {
	if parent == nil {
		parent = context.Background()
	}
	if info.Name == "" {
		info.Name = info.String()
	}
	return context.WithValue(parent, workerKey{}, &info)
}

// WorkerFrom returns the identity of the worker running the call whose
// context is ctx, and false outside a call (or on an executor that does
// not say). Every executor of this module says: the thread pool (unless
// made WithStats(false)) and the process pool (in the worker process),
// also for the steps and stages of package callback that run on them.
func WorkerFrom(ctx context.Context) (WorkerInfo, bool) {
	if ctx == nil {
		return WorkerInfo{}, false
	}
	w, ok := ctx.Value(workerKey{}).(*WorkerInfo)
	if !ok {
		return WorkerInfo{}, false
	}
	return *w, true
}
