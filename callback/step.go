package callback

import (
	"context"
	"fmt"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/claim"
)

// step is one link of a chain: the Task that calls fn on what the previous
// future produced and completes its own future. The future is embedded so
// that a link costs one allocation (plus its callbacks).
//
// A step is given to its executor as a TypedTask[A, B] whose Func is fn
// itself, so an executor that runs registered functions elsewhere (a
// process pool) can run it when fn is registered there.
type step[A, B any] struct {
	f   future.Future[B]
	fn  func(context.Context, A) (B, error)
	arg A
}

var _ executor.TypedTask[int, int] = (*step[int, int])(nil)

// link returns the step of a chain from up: its future is pending, and
// cancelling it cancels up as well while up is pending, so that cancelling
// the end of a chain cancels every step that has not started.
func link[U, A, B any](up *future.Future[U], fn func(context.Context, A) (B, error)) *step[A, B] {
	s := &step[A, B]{fn: fn}
	s.f.AddDoneCallback(func(f *future.Future[B]) {
		if f.Cancelled() {
			up.Cancel()
		}
	})
	return s
}

// start runs the step on arg: inline when e is nil, else as a task of e.
// A step whose future is already done (cancelled while it waited for the
// previous future) does not start. If e refuses the task, the step's
// future fails with e's error.
func (s *step[A, B]) start(e executor.Executor, arg A) {
	if s.f.Done() {
		return
	}
	s.arg = arg
	if e == nil {
		s.Run()
		return
	}
	if err := execute(e, s); err != nil {
		s.f.SetErr(err)
	}
}

// execute hands t to e. An executor that panics in Execute is broken, but
// the panic must not leave t's future pending or unwind through the
// goroutine that completed the previous future: it becomes the error.
func execute(e executor.Executor, t executor.Task) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = executor.NewPanicError(v)
		}
	}()
	return e.Execute(t)
}

// Run calls fn unless the step was cancelled; a panic becomes a
// *executor.PanicError and runtime.Goexit an error, so the future always
// ends.
func (s *step[A, B]) Run() { executor.RunCall(s, nil, context.Background(), s.fn) }

func (s *step[A, B]) Len() int                 { return 1 }
func (s *step[A, B]) Func() any                { return s.fn }
func (s *step[A, B]) Context() context.Context { return context.Background() }
func (s *step[A, B]) Arg(int) A                { return s.arg }
func (s *step[A, B]) Start(int) bool           { return s.f.SetRunning() }
func (s *step[A, B]) Fail(_ int, err error)    { s.f.SetErr(err) }
func (s *step[A, B]) Cancel()                  { s.f.Cancel() }

// SetGate attaches the claim word of a step sent ahead to its future.
func (s *step[A, B]) SetGate(g claim.Gate) bool { return claim.Attach(&s.f, g) }

func (s *step[A, B]) Finish(_ int, v B, err error) {
	if err != nil {
		s.f.SetErr(err)
		return
	}
	s.f.SetResult(v)
}

// local returns nil unless e runs functions in another process, where the
// step of op, a closure handed what, could never run: then an error
// wrapping ErrRemoteStep that says what to do instead.
func local(e executor.Executor, op, what string) error {
	if _, ok := e.(executor.Remote); !ok {
		return nil
	}
	return fmt.Errorf("%w: %s's step takes %s, which cannot be handed to a worker process; "+
		"run %s inline (a nil executor) or on a thread pool, and Then a registered function on the process pool",
		ErrRemoteStep, op, what, op)
}

// failed returns a future that failed with err.
func failed[T any](err error) *future.Future[T] {
	f := future.New[T]()
	f.SetErr(err)
	return f
}

// settle completes f with v and err, as a step's outcome.
func settle[T any](f *future.Future[T], v T, err error) {
	if err != nil {
		f.SetErr(err)
		return
	}
	f.SetResult(v)
}

// must panics with a message naming op and what when ok is false: a nil
// future or function is a programmer error that would otherwise surface
// much later, in another goroutine.
func must(ok bool, op, what string) {
	if !ok {
		panic(fmt.Sprintf("callback: %s: the %s is nil", op, what))
	}
}
