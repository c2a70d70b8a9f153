package processpool

import (
	"errors"
	"fmt"

	"github.com/gocurrent/futures/internal/registry"
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
// and a *RemoteError describing it otherwise (an error, a struct). Its
// fields are Type (the Go type of the original error or panic value, as
// %T prints it), Message (the original's Error() text, or the panic value
// as %v prints it), Stack (the worker goroutine's stack where the error
// was seen) and PID (the worker process). The cluster executor's errors
// are RemoteErrors too: the type lives in a package both share.
type RemoteError = registry.RemoteError

// ExitError is the error of a task whose worker process ended under it.
// errors.Is finds ErrWorkerExited in it, and Cause if there is one. Its
// fields are PID (the worker process), Status (how it ended, as
// os.ProcessState prints it: "exit status 99", "signal: killed"), Cause
// (why the pool killed it; nil if it died on its own), Code (Python's
// exitcode: the exit status, or minus the number of the signal that ended
// it, -9 for SIGKILL) and Signal (the signal that ended it; 0 if it
// exited).
type ExitError = registry.ExitError
