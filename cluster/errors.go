package cluster

import "errors"

var (
	// ErrWorkerLost is the error, found with errors.Is, of a call whose
	// worker died (SIGKILL, a power cut) or lost its connection while it
	// ran the call. Calls that had not started on it are not affected:
	// other workers take them. With WithRetries the call runs again
	// instead, up to the number of retries.
	ErrWorkerLost = errors.New("cluster: the worker running the task was lost")

	// ErrTerminated is the error of the calls that were running when
	// Shutdown with executor.Terminate stopped them.
	ErrTerminated = errors.New("cluster: the executor was terminated while the task ran")

	// ErrCancelIgnored is the error of a call whose context ended while it
	// ran and whose function went on past the grace period of
	// WithCancelGrace: the future fails with it (and the context's error)
	// instead of waiting for the function.
	ErrCancelIgnored = errors.New("cluster: the task ignored its cancelled context")

	// ErrShutdownFromCallback is returned by Shutdown(true) called from a
	// done callback running in one of the executor's own goroutines:
	// waiting there would wait for itself. The executor is shut down as by
	// Shutdown(false).
	ErrShutdownFromCallback = errors.New("cluster: Shutdown(true) called from a done callback running in the executor's own goroutine would wait for itself; shut down without waiting")

	// ErrNoMain is the error of New asked for local workers in a program
	// that did not call Main.
	ErrNoMain = errors.New("cluster: Main was not called: call cluster.Main() as the first statement of main(), and of TestMain in tests")
)
