package registry

import (
	"fmt"
	"syscall"
)

// RemoteError is a task's error as it crossed back from the worker
// process: Error returns the original's text, and errors.Is sees through
// it to the well-known errors it wrapped (context.Canceled,
// context.DeadlineExceeded, io.EOF, the fs errors, and those registered
// with RegisterError). A panic arrives as an *executor.PanicError whose
// Value is the panic value itself if it was a string, a number or a bool,
// and a *RemoteError describing it otherwise (an error, a struct). Users
// know it as processpool.RemoteError.
type RemoteError struct {
	Type    string // the Go type of the original error or panic value, as %T prints it
	Message string // the original's Error() text, or the panic value as %v prints it
	Stack   string // the worker goroutine's stack where the error was seen
	PID     int    // the worker process
	known   []error
}

var _ error = (*RemoteError)(nil)

// Error returns the original error's text.
func (e *RemoteError) Error() string { return e.Message }

// Unwrap returns the well-known errors that the original wrapped.
func (e *RemoteError) Unwrap() []error { return e.known }

// ExitError is the error of a task whose worker process ended under it.
// errors.Is finds processpool.ErrWorkerExited in it, and Cause if there
// is one. Users know it as processpool.ExitError.
type ExitError struct {
	PID    int    // the worker process
	Status string // how it ended, as os.ProcessState prints it: "exit status 99", "signal: killed"
	Cause  error  // why the pool killed it; nil if it died on its own

	// Code is Python's exitcode: the exit status the process passed to
	// exit, or minus the number of the signal that ended it (-9 for
	// SIGKILL).
	Code int
	// Signal is the signal that ended the process; 0 if it exited.
	Signal syscall.Signal
}

var _ error = (*ExitError)(nil)

// Error names the process, its exit status and the pool's reason for
// killing it, if any.
func (e *ExitError) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("processpool: worker process %d was killed (%s): %v", e.PID, e.Status, e.Cause)
	}
	return fmt.Sprintf("processpool: worker process %d exited while running the task (%s)", e.PID, e.Status)
}

// Unwrap returns processpool.ErrWorkerExited and the cause.
func (e *ExitError) Unwrap() []error {
	exited := installed().ErrWorkerExited
	if e.Cause == nil {
		return []error{exited}
	}
	return []error{exited, e.Cause}
}

// StackTrace returns the stack of the worker where the error was made, ""
// if unknown; executor.StackOf finds it, so that an executor's recent
// errors show it.
func (e *RemoteError) StackTrace() string { return e.Stack }
