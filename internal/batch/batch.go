// Package batch lets an executor that runs a task's calls elsewhere start
// and resolve the calls of a many-call task (a map's chunk) together: one
// interface call for the whole chunk rather than one, with its atomic
// checks, per call. A map of small calls spends most of its time there.
//
// Package executor's chunks implement it; an executor that sees a task
// implement it may use it instead of the Task's per-call methods, with the
// same meaning. Neither package exports anything for the other.
package batch

// Starter starts the calls of a task together.
type Starter interface {
	// StartCalls starts calls idx (nil: every call) as Task.Start does
	// one by one, and returns those that started: nil if all did, an
	// empty slice (not nil) if none did. A call that did not start must
	// not run.
	StartCalls(idx []int) []int
}

// Task is a task whose calls can be started, read and resolved together.
type Task[A, R any] interface {
	Starter
	// Args returns the argument of every call, in order. The caller must
	// not modify it.
	Args() []A
	// FinishCalls resolves calls idx (nil: every call) as Task.Finish
	// does one by one: call idx[k] with vals[k], or errs[k] if errs is
	// not nil and errs[k] is not nil.
	FinishCalls(idx []int, vals []R, errs []error)
}
