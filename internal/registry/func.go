package registry

import (
	"context"
	"fmt"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/wire"
)

// Func is a registered function with its types erased: what an executor
// that sends work to other processes as messages does with a task's
// arguments and results. Its methods are safe for concurrent use.
type Func interface {
	// Name returns the name by which workers find the function.
	Name() string
	// EncodeArgs encodes the arguments of every call of t, a task of this
	// function, to one message. The error says which argument cannot be
	// encoded and wraps the process pool's ErrEncoding.
	EncodeArgs(t executor.Task) ([]byte, error)
	// Run decodes a message of EncodeArgs, runs the calls listed in run
	// (all if run is nil) in order under ctx, in the calling goroutine,
	// encodes their outcomes to one message and calls report with it,
	// once. If a function calls runtime.Goexit, Run reports the calls
	// left as failed, from a deferred function, and does not return: the
	// goroutine ends. It runs in a worker, whose process id is pid.
	Run(ctx context.Context, args []byte, run []int, pid int, report func([]byte))
	// Finish decodes a message of Run and resolves the calls run of t,
	// calling each (if not nil) with every call's error, in order, before
	// resolving it. An error means the message was malformed; the calls
	// are then failed.
	Finish(t executor.Task, run []int, results []byte, each func(error)) error
}

// NewFunc returns the Func of fn, registered as name. Package
// processpool calls it for its registered functions; types returns why
// values of fn's argument or result types cannot cross intact whatever
// their values (nil if they can), for EncodeArgs to refuse first.
func NewFunc[A, R any](name string, fn func(context.Context, A) (R, error), errEncoding error, short string, types func() error) Func {
	return &typed[A, R]{name: name, fn: fn, errEncoding: errEncoding, short: short, types: types}
}

type typed[A, R any] struct {
	name        string
	fn          func(context.Context, A) (R, error)
	errEncoding error
	short       string       // the name as the user writes it, for messages
	types       func() error // the check of the argument and result types
}

func (f *typed[A, R]) Name() string { return f.name }

func (f *typed[A, R]) EncodeArgs(t executor.Task) ([]byte, error) {
	tt, ok := t.(executor.TypedTask[A, R])
	if !ok {
		return nil, fmt.Errorf("registry: the task of %s (a %T) does not implement executor.TypedTask", f.short, t)
	}
	if f.types != nil {
		if err := f.types(); err != nil {
			return nil, err
		}
	}
	args := make([]A, t.Len())
	for i := range args {
		args[i] = tt.Arg(i)
	}
	msg, bad := encodeValues(&head{N: len(args)}, args)
	for i := range args {
		if len(bad) == 0 {
			break // every argument encoded; the common case, with no lookups
		}
		if err := bad[i]; err != nil {
			if len(args) == 1 {
				return nil, fmt.Errorf("%w: the argument of %s: %v", f.errEncoding, f.short, err)
			}
			return nil, fmt.Errorf("%w: argument %d of %s: %v", f.errEncoding, i, f.short, err)
		}
	}
	return msg, nil
}

func (f *typed[A, R]) Run(ctx context.Context, msg []byte, run []int, pid int, report func([]byte)) {
	h, args, err := decodeMessage[A](msg)
	if err != nil {
		report(f.failure(0, wire.ErrDecode, err, pid))
		return
	}
	if run == nil {
		run = make([]int, len(args))
		for i := range run {
			run[i] = i
		}
	}
	for _, i := range run {
		if i < 0 || i >= h.N {
			report(f.failure(0, wire.ErrDecode, fmt.Errorf("call %d of %d", i, h.N), pid))
			return
		}
	}
	results := make([]R, len(run))
	errs := make([]error, len(run))
	k, returned := 0, false
	defer func() {
		if returned {
			return
		}
		for ; k < len(run); k++ { // runtime.Goexit in call k
			errs[k] = ErrGoexit
		}
		report(f.outcome(results, errs, pid))
	}()
	for ; k < len(run); k++ {
		if k > 0 && ctx.Err() != nil {
			errs[k] = ErrSkipped
			continue
		}
		results[k], errs[k] = executor.Invoke(ctx, f.fn, args[run[k]])
	}
	returned = true
	report(f.outcome(results, errs, pid))
}

// outcome encodes the results and errors of the calls a worker ran.
func (f *typed[A, R]) outcome(results []R, errs []error, pid int) []byte {
	h := &head{N: len(results), PID: pid}
	stacks := 0
	var zero R
	for k, err := range errs {
		switch {
		case err == nil:
			continue
		case err == ErrSkipped:
			h.Errs = append(h.Errs, wire.Error{Item: k, Kind: wire.ErrCancelled})
		case err == ErrGoexit:
			h.Errs = append(h.Errs, wire.Error{Item: k, Kind: wire.ErrGoexit, Type: fmt.Sprintf("%T", err), Msg: err.Error()})
		default:
			h.Errs = append(h.Errs, ToWire(k, err, &stacks))
		}
		results[k] = zero
	}
	b, bad := encodeValues(h, results)
	if len(bad) == 0 {
		return b
	}
	// Encode again with the errors of the results left out.
	for k := range results {
		if err := bad[k]; err != nil {
			h.Errs = append(h.Errs, wire.Error{Item: k, Kind: wire.ErrEncode, Msg: err.Error()})
			results[k] = zero
		}
	}
	b, _ = encodeValues(h, results)
	return b
}

// failure encodes one error for the whole message.
func (f *typed[A, R]) failure(item int, kind wire.ErrKind, err error, pid int) []byte {
	h := &head{PID: pid, Whole: true, Errs: []wire.Error{{Item: item, Kind: kind, Msg: err.Error()}}}
	b, _ := newSink().message(h)
	return b
}

func (f *typed[A, R]) Finish(t executor.Task, run []int, msg []byte, each func(error)) error {
	if each == nil {
		each = func(error) {}
	}
	tt, ok := t.(executor.TypedTask[A, R])
	if !ok {
		return fmt.Errorf("registry: the task of %s (a %T) does not implement executor.TypedTask", f.short, t)
	}
	if run == nil {
		run = make([]int, t.Len())
		for i := range run {
			run[i] = i
		}
	}
	h, vals, err := decodeMessage[R](msg)
	if err == nil && !h.Whole && len(vals) != len(run) {
		err = fmt.Errorf("%d results for %d calls", len(vals), len(run))
	}
	if err != nil || h.Whole {
		if err == nil {
			err = FromWire(f.name, h.Errs[0], h.PID)
		} else {
			err = fmt.Errorf("%w: the result of %s could not be decoded: %v", f.errEncoding, f.short, err)
		}
		for _, i := range run {
			each(err)
			tt.Fail(i, err)
		}
		return nil
	}
	errs := make([]error, len(run))
	for _, we := range h.Errs {
		if we.Item >= 0 && we.Item < len(run) && errs[we.Item] == nil {
			errs[we.Item] = FromWire(f.name, we, h.PID)
		}
	}
	for k, i := range run {
		each(errs[k])
		if errs[k] != nil {
			var zero R
			tt.Finish(i, zero, errs[k])
		} else {
			tt.Finish(i, vals[k], nil)
		}
	}
	return nil
}

// Failure encodes an outcome message of Run that fails every call of a
// task with an error of kind (wire.ErrNotRegistered, wire.ErrDecode), for
// a worker that cannot even find the function.
func Failure(kind wire.ErrKind, msg string, pid int) []byte {
	h := &head{PID: pid, Whole: true, Errs: []wire.Error{{Kind: kind, Msg: msg}}}
	b, _ := newSink().message(h)
	return b
}
