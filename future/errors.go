package future

import "context"

// likeError is a sentinel error that also matches a standard library error
// under errors.Is, so code that checks for context errors handles futures too.
type likeError struct {
	msg  string
	like error
}

func (e *likeError) Error() string        { return e.msg }
func (e *likeError) Is(target error) bool { return target == e.like }

var (
	// ErrTimeout is returned when a wait gives up before the future is done.
	// errors.Is(ErrTimeout, context.DeadlineExceeded) is true as well.
	ErrTimeout error = &likeError{"future: timed out", context.DeadlineExceeded}

	// ErrCancelled is the error of a cancelled future. errors.Is(ErrCancelled,
	// context.Canceled) is true as well.
	ErrCancelled error = &likeError{"future: cancelled", context.Canceled}

	// ErrInvalidState is returned by SetResult and SetErr on a future that is
	// already done; the first outcome stands.
	ErrInvalidState = errorString("future: invalid state")
)

type errorString string

func (e errorString) Error() string { return string(e) }
