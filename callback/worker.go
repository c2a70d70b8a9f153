package callback

import (
	"context"

	"github.com/gocurrent/futures/executor"
)

var (
	_ executor.WorkerTask = (*step[int, int])(nil)
	_ executor.WorkerTask = (*stageTask[int, int])(nil)
)

// RunOn is Run on a recording worker of an executor: the call's outcome
// goes to the executor's stats and its context names the worker.
func (s *step[A, B]) RunOn(w *executor.Worker) {
	executor.RunCall(s, w, context.Background(), s.fn)
}

// RunOn is Run on a recording worker of an executor, as step's.
func (t *stageTask[A, B]) RunOn(w *executor.Worker) { executor.RunCall(t, w, t.r.ctx, t.fn) }
