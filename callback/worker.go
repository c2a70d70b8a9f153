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
	if !s.f.SetRunning() {
		w.Cancelled(1)
		return
	}
	b := w.Begin()
	returned := false
	defer func() {
		if !returned {
			w.End(b, errGoexit)
			s.f.SetErr(errGoexit)
		}
	}()
	v, err := executor.Invoke(w.Context(context.Background()), s.fn, s.arg)
	returned = true
	w.End(b, err)
	s.Finish(0, v, err)
}

// RunOn is Run on a recording worker of an executor, as step's.
func (t *stageTask[A, B]) RunOn(w *executor.Worker) {
	if !t.Start(0) {
		w.Cancelled(1)
		return
	}
	b := w.Begin()
	returned := false
	defer func() {
		if !returned {
			w.End(b, errGoexit)
			t.Fail(0, errGoexit)
		}
	}()
	v, err := executor.Invoke(w.Context(t.r.ctx), t.fn, t.arg)
	returned = true
	w.End(b, err)
	t.Finish(0, v, err)
}
