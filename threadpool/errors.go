package threadpool

import "errors"

// ErrBrokenPool is the error of a pool whose initializer failed: tasks not
// started fail with it and Submit returns it, wrapped with the
// initializer's error (errors.Is finds both). It is Python's
// BrokenThreadPool.
var ErrBrokenPool = errors.New("threadpool: pool is broken")

// ErrShutdownFromTask is returned by Shutdown(true) when it is called from
// a task of the same pool: waiting for every worker would include waiting
// for itself. The pool is shut down as by Shutdown(false). Python raises
// RuntimeError ("cannot join current thread") here.
var ErrShutdownFromTask = errors.New("threadpool: Shutdown(true) called from the pool's own task would wait for itself; shut down without waiting")
