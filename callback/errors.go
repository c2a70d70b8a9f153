package callback

import (
	"errors"
	"fmt"
)

var (
	// ErrNoFutures is the error of Any called with no futures: none can
	// succeed. (JavaScript's Promise.any([]) rejects likewise.)
	ErrNoFutures = errors.New("callback: Any was given no futures")

	// ErrNilFuture is the error of a Compose step that returned a nil
	// future and a nil error.
	ErrNilFuture = errors.New("callback: a Compose step returned a nil future and no error")

	// ErrRemoteStep is the error of a Catch, Handle, Finally or Compose
	// step given an executor that runs functions in other processes (an
	// executor.Remote such as a process pool): those steps hand their
	// function a closure, an error or a future, which no worker process can
	// be given. The returned future fails with it at once.
	ErrRemoteStep = errors.New("callback: this step cannot run on an executor of other processes")

	// errGoexit fails a step whose function ended its goroutine with
	// runtime.Goexit (t.FailNow does) instead of returning.
	errGoexit = errors.New("callback: step called runtime.Goexit instead of returning")
)

// IndexError is the error of the future returned by All: the error of the
// input future at position Index, the first by position that failed. Find
// the cause with errors.Is or errors.As, which see through it.
type IndexError struct {
	Index int   // position of the failed future in the slice given to All
	Err   error // its error (future.ErrCancelled if it was cancelled)
}

var _ error = (*IndexError)(nil)

// Error returns "callback: future <Index>: " and the cause.
func (e *IndexError) Error() string { return fmt.Sprintf("callback: future %d: %v", e.Index, e.Err) }

// Unwrap returns the cause.
func (e *IndexError) Unwrap() error { return e.Err }

// StageError is the error a Pipeline delivers for an item that failed: the
// stage that failed it and why. The item skipped the stages after Stage.
// Find the cause with errors.Is or errors.As (a panic in the stage's
// function is a *executor.PanicError), which see through it.
type StageError struct {
	Stage int    // position of the failed stage, from 0
	Name  string // the stage's WithName, or "" if it has none
	Err   error  // the stage's error
}

var _ error = (*StageError)(nil)

// Error names the stage, by name if it has one, and the cause, as in
// "callback: stage 1 (parse): unexpected EOF".
func (e *StageError) Error() string {
	if e.Name != "" {
		return fmt.Sprintf("callback: stage %d (%s): %v", e.Stage, e.Name, e.Err)
	}
	return fmt.Sprintf("callback: stage %d: %v", e.Stage, e.Err)
}

// Unwrap returns the cause.
func (e *StageError) Unwrap() error { return e.Err }
