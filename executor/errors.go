package executor

import (
	"errors"
	"fmt"
	"runtime/debug"
)

var (
	// ErrShutdown is returned by Submit, and yielded by Map, once the
	// executor has been shut down.
	ErrShutdown = errors.New("executor: cannot schedule work after Shutdown")

	// errGoexit fails a call whose function ended its goroutine with
	// runtime.Goexit (t.FailNow does) instead of returning.
	errGoexit = errors.New("executor: task called runtime.Goexit instead of returning")

	errRangedTwice = errors.New("executor: the sequence returned by Map can be ranged over only once")
)

// PanicError is the error of a call whose function panicked: the value
// passed to panic and the stack of the goroutine that panicked. Find it with
// errors.As. A failed future that nobody reads hides its panic, so read
// every future, or log in a done callback.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack, as debug.Stack formats it
}

var _ error = (*PanicError)(nil)

// NewPanicError returns a *PanicError for v with the current goroutine's
// stack. Executors call it in the deferred function that recovered v.
func NewPanicError(v any) *PanicError {
	return &PanicError{Value: v, Stack: debug.Stack()}
}

// Error returns "executor: task panicked: " and the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("executor: task panicked: %v", e.Value) }

// Unwrap returns the panic value if it is an error, so errors.Is sees
// through a panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// MapError is the error of MapAll and MapAsync when calls failed: which,
// how many, and the first failure by input position.
type MapError struct {
	Index  int   // position of the first failed input
	Failed int   // how many inputs failed
	Total  int   // how many inputs there were
	Err    error // the error of input Index
}

var _ error = (*MapError)(nil)

// Error says how many calls failed and what the first failure was.
func (e *MapError) Error() string {
	return fmt.Sprintf("executor: %d of %d calls failed; the first, input %d: %v", e.Failed, e.Total, e.Index, e.Err)
}

// Unwrap returns the error of the first failed input.
func (e *MapError) Unwrap() error { return e.Err }
