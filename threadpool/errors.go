package threadpool

import "errors"

// ErrBrokenPool is the error of a pool whose initializer failed: tasks not
// started fail with it and Submit returns it, wrapped with the
// initializer's error (errors.Is finds both). It is Python's
// BrokenThreadPool.
var ErrBrokenPool = errors.New("threadpool: pool is broken")
