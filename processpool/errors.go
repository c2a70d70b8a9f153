package processpool

import (
	"errors"
	"fmt"
	"syscall"
)

var (
	// ErrWorkerExited is the error, found with errors.Is, of a task whose
	// worker process died under it (a signal, os.Exit, a fatal runtime
	// error) or was killed by the pool. The error is an *ExitError that
	// names the process and its exit status.
	ErrWorkerExited = errors.New("processpool: worker process exited")

	// ErrBrokenPool is the error of a pool whose workers cannot start: the
	// executable is missing, a worker failed its handshake, the
	// initializer failed, or no worker ever started (three died in a row
	// before their handshake). Tasks not started fail with it and Submit returns
	// it, wrapped with the reason. It is Python's BrokenProcessPool.
	ErrBrokenPool = errors.New("processpool: pool is broken")

	// ErrNotRegistered is the error of Submit for a function that was not
	// registered with Register: a closure, a method value, or a top-level
	// function nobody registered.
	ErrNotRegistered = errors.New("processpool: function not registered")

	// ErrEncoding is the error of a value that cannot cross the process
	// boundary: Submit returns it for an argument, a task fails with it for
	// a result. The text names the function and the codec's complaint.
	ErrEncoding = errors.New("processpool: value cannot be sent to another process")

	// ErrNoMain is the error of New in a program that did not call Main:
	// its workers would run the whole program again instead of serving.
	ErrNoMain = errors.New("processpool: Main was not called: call processpool.Main() as the first statement of main(), and of TestMain in tests")

	// ErrShutdownFromCallback is returned by Shutdown(true) called from a
	// done callback that runs in one of the pool's own goroutines (the
	// callbacks of the futures a worker's result resolves run in that
	// worker's reader): waiting for every goroutine would include waiting
	// for itself. The pool is shut down as by Shutdown(false). The thread
	// pool's twin is threadpool.ErrShutdownFromTask.
	ErrShutdownFromCallback = errors.New("processpool: Shutdown(true) called from a done callback running in the pool's own goroutine would wait for itself; shut down without waiting")

	// errTerminated is the cause of kills by Shutdown with Terminate.
	errTerminated = errors.New("the pool was terminated")

	// errTerminatedTask fails running tasks that Terminate caught between
	// workers.
	errTerminatedTask = fmt.Errorf("%w before the task reached one: %w", ErrWorkerExited, errTerminated)
)

// RemoteError is a task's error as it crossed back from the worker
// process: Error returns the original's text, and errors.Is sees through
// it to the well-known errors it wrapped (context.Canceled,
// context.DeadlineExceeded, io.EOF, the fs errors, and those registered
// with RegisterError). A panic arrives as an *executor.PanicError whose
// Value is the panic value itself if it was a string, a number or a bool,
// and a *RemoteError describing it otherwise (an error, a struct).
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
// errors.Is finds ErrWorkerExited in it, and Cause if there is one.
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

// Unwrap returns ErrWorkerExited and the cause.
func (e *ExitError) Unwrap() []error {
	if e.Cause == nil {
		return []error{ErrWorkerExited}
	}
	return []error{ErrWorkerExited, e.Cause}
}
