package executor

import "context"

// Executor runs tasks, as Python's concurrent.futures.Executor. The generic
// entry points of this package (Submit, SubmitContext, Map and the
// Pool-style helpers) work on any Executor; an Executor only has to accept
// Tasks and shut down. Implementations must be safe for concurrent use.
//
// The package's examples/customexecutor program implements one with
// nothing but this public API.
type Executor interface {
	// Execute schedules t to run once, and returns without waiting for it.
	// It returns an error at once, and must then never run t, for what can
	// be known at once: ErrShutdown after Shutdown, the executor is broken,
	// the task's function cannot run on this executor, its arguments cannot
	// be encoded. An executor with a bounded queue may block in Execute
	// until there is room or t.Context() ends (then returning its error).
	//
	// Once Execute returned nil, the executor owns t and must resolve every
	// call of it: with Run, with Start followed by Finish or Fail, with
	// Fail alone, or with Cancel. A task whose calls are never resolved
	// leaves futures that never end. Resolving a call again is harmless
	// (see Task), so an executor that redelivers work need not track what
	// it already reported.
	Execute(t Task) error

	// Shutdown stops the executor accepting work and releases its
	// resources. With wait it returns once every queued and running task is
	// done and the executor's goroutines (or processes) are gone; without
	// it, it returns at once and the work already queued still completes.
	// CancelPending cancels queued work instead of running it. Shutdown may
	// be called again, also concurrently; calls after the first still wait
	// if asked to. It is Python's Executor.shutdown.
	Shutdown(wait bool, opts ...ShutdownOption) error
}

// Task is one unit of work handed to an Executor: one or more calls of the
// same function, each on its own argument and each with its own outcome
// (Submit makes tasks of one call, Map makes chunks of many). The methods
// of a Task are safe for concurrent use with the futures it completes, but
// one Task is driven by one executor goroutine at a time.
//
// An in-process executor just calls Run. An executor that runs the function
// elsewhere (another process) uses Func to find the function, the typed
// view TypedTask to move arguments and results, and Start, Finish and Fail
// to report each call's progress.
type Task interface {
	// Run performs every call of the task in the calling goroutine, in
	// order, and records the outcomes. Calls whose futures were cancelled
	// are skipped. A panic in the function becomes that call's
	// *PanicError; Run itself never panics. A task is driven either by
	// Run or call by call (Start, Finish, Fail, Cancel), whichever comes
	// first: Run on a task already driven call by call, or a second Run,
	// does nothing.
	Run()

	// Len returns the number of calls in the task.
	Len() int

	// Func returns the task's function, a func(context.Context, A) (R,
	// error), for executors that look functions up by identity.
	Func() any

	// Context returns the context the calls run under. Its end cancels the
	// calls that have not started (their futures are cancelled) and is the
	// running calls' signal to stop.
	Context() context.Context

	// Start marks call i as running. It returns false if the call was
	// cancelled, already started or already resolved: it must then not
	// run, and it needs no Finish or Fail. Only the first Start of a call
	// returns true.
	Start(i int) bool

	// Fail resolves call i, started or not, with err. Resolution is
	// first-wins: a call already resolved (by Finish, Fail or Cancel)
	// keeps its first outcome, and later Finish and Fail calls change
	// nothing.
	Fail(i int, err error)

	// Cancel resolves every call of a task that was never started as
	// cancelled, as Shutdown with CancelPending does to queued tasks.
	Cancel()
}

// Abandonable is implemented by every Task this package makes. An executor
// that keeps queued tasks in a bounded queue uses it to free a task's place
// as soon as nothing of the task is left to run, rather than when a worker
// would have taken it.
type Abandonable interface {
	// OnAbandon arranges for fn to be called once when the task no longer
	// needs to run: the future of a Submit was cancelled, or the Map a
	// chunk belongs to was left, cancelled or its context ended. fn runs
	// at once if that already happened, else in the goroutine that
	// abandons the task; it must not block. An executor that then drops
	// the task from its queue calls Cancel to resolve what is left of it.
	// Each call of OnAbandon costs an allocation or two, so executors call
	// it only when they need it.
	OnAbandon(fn func())
}

// TypedTask is the typed view of a Task whose function is a
// func(context.Context, A) (R, error). Every Task made by this package
// implements it, so an executor that knows A and R (for instance from a
// registry of functions) can assert a Task to it.
type TypedTask[A, R any] interface {
	Task

	// Arg returns the argument of call i.
	Arg(i int) A

	// Finish resolves started call i with the function's result and
	// error; like Fail, it changes nothing if the call is already
	// resolved.
	Finish(i int, r R, err error)
}

// Sizer is implemented by executors that know how many calls they run at
// once. Map uses it to choose a default chunk size.
type Sizer interface {
	// MaxWorkers returns the largest number of calls run at the same time.
	MaxWorkers() int
}

// ShutdownOption changes what Shutdown does. Executors read them with
// ShutdownConfig.
type ShutdownOption func(*ShutdownOptions)

// ShutdownOptions is the result of applying ShutdownOptions, for Executor
// implementations.
type ShutdownOptions struct {
	// CancelPending cancels queued tasks instead of running them.
	CancelPending bool
	// Terminate also stops running work at once where the executor can
	// (a process pool kills its workers); executors that cannot treat it
	// as CancelPending.
	Terminate bool
}

// CancelPending makes Shutdown cancel every queued task that has not
// started; running tasks finish. It is Python's cancel_futures=True.
func CancelPending() ShutdownOption {
	return func(o *ShutdownOptions) { o.CancelPending = true }
}

// Terminate makes Shutdown cancel every queued task and stop running ones
// at once where the executor can (Python's Pool.terminate). Their futures
// fail or are cancelled; none is left pending.
func Terminate() ShutdownOption {
	return func(o *ShutdownOptions) { o.CancelPending, o.Terminate = true, true }
}

// ShutdownConfig applies opts and returns the result, for Executor
// implementations.
func ShutdownConfig(opts ...ShutdownOption) ShutdownOptions {
	var o ShutdownOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}
