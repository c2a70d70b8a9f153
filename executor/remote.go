package executor

// Remote is implemented by executors that run a task's function in another
// process (a process pool, a cluster): only functions registered by name run
// there, and arguments and results cross by a codec, so a closure, a
// future or an error value cannot be handed to it. Code that builds tasks
// of its own, such as the callback package's steps, asks for it to refuse
// at once what such an executor could never run.
type Remote interface {
	Executor

	// CanRun returns nil if fn, a func(context.Context, A) (R, error), can
	// run on the executor, else an error that says why not and how to
	// fix it (for a process pool: register the function). It is safe for
	// concurrent use and does not block.
	CanRun(fn any) error
}
