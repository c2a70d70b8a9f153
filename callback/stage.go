package callback

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/claim"
)

// Stage is one step of a Pipeline: a function from A to B, the executor
// that runs it and how many items it may hold at once. Make one with
// NewStage; the zero Stage is not usable (a Pipeline given one panics). A
// Stage is immutable and may be used in any number of pipelines.
type Stage[A, B any] struct {
	d *stageDef
}

// stageDef is the untyped description of a stage that a Pipeline runs:
// items travel between stages as values of type any, and the typed
// closures made by NewStage convert them back.
type stageDef struct {
	e      executor.Executor
	limit  int // at most limit items in the stage at once; 0: no limit of its own
	name   string
	invoke func(ctx context.Context, v any) (any, error) // an inline call
	task   func(r *run, it *item) executor.Task          // a call on e
}

// StageOption configures a Stage made by NewStage.
type StageOption func(*stageDef)

// WithLimit bounds the items the stage holds at once, queued on its
// executor or running, to n; the others wait in the pipeline, where
// leaving the pipeline's loop drops them cheaply. The default is the
// executor's MaxWorkers (executor.Sizer) when it has one, which keeps its
// workers busy without queueing ahead; otherwise, and for inline stages,
// the stage has no bound of its own and only the pipeline's WithBuffer
// bounds it. Set it to throttle a stage below its executor's size, or when
// stages share one executor. NewStage panics if n < 1.
func WithLimit(n int) StageOption {
	return func(d *stageDef) {
		if n < 1 {
			panic(fmt.Sprintf("callback: WithLimit(%d): a stage must hold at least one item", n))
		}
		d.limit = n
	}
}

// WithName names the stage in the *StageError of the items it fails.
func WithName(name string) StageOption {
	return func(d *stageDef) { d.name = name }
}

// NewStage returns a stage that calls fn on each item, on e, or inline
// when e is nil: in the goroutine that finished the item's previous stage,
// or, for a first stage, in the goroutine ranging over the pipeline's
// results. The stage's tasks are executor.TypedTask[A, B] values whose
// Func is fn, so an executor that runs registered functions in other
// processes can run them. NewStage panics if fn is nil.
func NewStage[A, B any](e executor.Executor, fn func(context.Context, A) (B, error), opts ...StageOption) Stage[A, B] {
	must(fn != nil, "NewStage", "function")
	d := &stageDef{e: e}
	if s, ok := e.(executor.Sizer); ok && s.MaxWorkers() > 0 {
		d.limit = s.MaxWorkers()
	}
	for _, opt := range opts {
		opt(d)
	}
	d.invoke = func(ctx context.Context, v any) (any, error) {
		a, _ := v.(A) // a nil interface value is A's zero value
		return executor.Invoke(ctx, fn, a)
	}
	d.task = func(r *run, it *item) executor.Task {
		a, _ := it.val.(A)
		return &stageTask[A, B]{r: r, it: it, fn: fn, arg: a}
	}
	return Stage[A, B]{d}
}

// stageTask is the Task of one item's call of a stage on its executor.
type stageTask[A, B any] struct {
	r     *run
	it    *item
	fn    func(context.Context, A) (B, error)
	arg   A
	state atomic.Uint32 // taskQueued, taskRunning or taskResolved
	// The claim word of the task sent ahead to another process: once the
	// pipeline stops, the task is cancelled only if it has not started.
	gate claim.Holder
}

const (
	taskQueued uint32 = iota
	taskRunning
	taskResolved
)

var (
	_ executor.TypedTask[int, int] = (*stageTask[int, int])(nil)
	_ claim.Gated                  = (*stageTask[int, int])(nil)
)

func (t *stageTask[A, B]) Run() { executor.RunCall(t, nil, t.r.ctx, t.fn) }

func (t *stageTask[A, B]) Len() int                 { return 1 }
func (t *stageTask[A, B]) Func() any                { return t.fn }
func (t *stageTask[A, B]) Context() context.Context { return t.r.ctx }
func (t *stageTask[A, B]) Arg(int) A                { return t.arg }

// Start claims the call; once the pipeline has stopped, it resolves the
// call as cancelled instead, so that it never starts.
func (t *stageTask[A, B]) Start(int) bool {
	if t.r.ctx.Err() != nil && !t.gate.StartedElsewhere() {
		t.Cancel()
		return false
	}
	return t.state.CompareAndSwap(taskQueued, taskRunning)
}

// SetGate attaches the claim word of the task sent ahead; it reports
// false if the pipeline already stopped.
func (t *stageTask[A, B]) SetGate(g claim.Gate) bool {
	t.gate.Set(g)
	return t.r.ctx.Err() == nil
}

func (t *stageTask[A, B]) Finish(_ int, v B, err error) {
	if t.state.Swap(taskResolved) != taskResolved {
		t.r.stageDone(t.it, v, err)
	}
}

func (t *stageTask[A, B]) Fail(_ int, err error) {
	if t.state.Swap(taskResolved) != taskResolved {
		t.r.stageDone(t.it, nil, err)
	}
}

func (t *stageTask[A, B]) Cancel() {
	if t.state.CompareAndSwap(taskQueued, taskResolved) {
		t.r.stageDone(t.it, nil, future.ErrCancelled)
	}
}
