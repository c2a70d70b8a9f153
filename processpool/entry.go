package processpool

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/batch"
	"github.com/gocurrent/futures/internal/wire"
)

// entry is a registered function with its types erased: what the pool and
// the worker do with a function's arguments and results.
type entry interface {
	name() string
	// check encodes the task's arguments to a probe: Submit's early error.
	check(t executor.Task, p *wire.Probe) error
	// send encodes the arguments of the task's claimed calls to a frame.
	send(e *wire.Encoder, pd *pending) (wire.Layout, error)
	// receive decodes a result frame and returns what resolves the calls;
	// an error means the connection can no longer be trusted.
	receive(d *wire.Decoder, r *wire.Result, inf *inflight, pid int) (func(), error)
	// resolveOne is receive of a task of one call, resolving it at once,
	// without allocating what resolves it later.
	resolveOne(d *wire.Decoder, r *wire.Result, inf *inflight, pid int) error
	// job decodes a call frame in the worker.
	job(d *wire.Decoder, c *wire.Call) (job, error)
}

// fnEntry is the entry of a func(context.Context, A) (R, error).
type fnEntry[A, R any] struct {
	key string
	fn  func(context.Context, A) (R, error)

	plainOnce sync.Once
	plain     bool // every A encodes: Submit need not check arguments

	typesOnce sync.Once
	typesErr  error // why values of A or R cannot cross intact
}

// types returns why arguments or results of the function cannot cross the
// process boundary intact, whatever their values: a struct field gob
// would silently leave out, a channel. Submit fails with it.
func (e *fnEntry[A, R]) types() error {
	e.typesOnce.Do(func() {
		if err := wire.CheckType(reflect.TypeFor[A]()); err != nil {
			e.typesErr = fmt.Errorf("%w: the argument type %s of %s: %v", ErrEncoding, reflect.TypeFor[A](), shortName(e.key), err)
		} else if err := wire.CheckType(reflect.TypeFor[R]()); err != nil {
			e.typesErr = fmt.Errorf("%w: the result type %s of %s: %v", ErrEncoding, reflect.TypeFor[R](), shortName(e.key), err)
		}
	})
	return e.typesErr
}

// plainArg reports whether every argument of type A encodes, so that
// Submit can skip encoding it once to check (see wire.Plain).
func (e *fnEntry[A, R]) plainArg() bool {
	e.plainOnce.Do(func() {
		t := reflect.TypeFor[A]()
		if !wire.Plain(t) {
			return
		}
		v := reflect.New(t)
		if t.Kind() == reflect.Pointer {
			v.Elem().Set(reflect.New(t.Elem()))
		}
		e.plain = wire.NewProbe().Value(v.Interface()) == nil
	})
	return e.plain
}

func (e *fnEntry[A, R]) name() string { return e.key }

func (e *fnEntry[A, R]) typed(t executor.Task) (executor.TypedTask[A, R], error) {
	tt, ok := t.(executor.TypedTask[A, R])
	if !ok {
		return nil, fmt.Errorf("processpool: the task of %s (a %T) does not implement executor.TypedTask", shortName(e.key), t)
	}
	return tt, nil
}

func (e *fnEntry[A, R]) check(t executor.Task, p *wire.Probe) error {
	tt, err := e.typed(t)
	if err == nil {
		err = e.types()
	}
	if err != nil || e.plainArg() {
		return err
	}
	if t.Len() == 1 {
		if _, err := wire.EncodeValue(p, tt.Arg(0)); err != nil {
			return fmt.Errorf("%w: the argument of %s: %v", ErrEncoding, shortName(e.key), err)
		}
		return nil
	}
	_, bad := wire.EncodeValues(p, e.args(tt, nil))
	for i := range t.Len() {
		if len(bad) == 0 {
			break // every argument encoded; the common case, with no lookups
		}
		if err := bad[i]; err != nil {
			return fmt.Errorf("%w: argument %d of %s: %v", ErrEncoding, i, shortName(e.key), err)
		}
	}
	return nil
}

// args returns the arguments of calls idx (nil: all).
func (e *fnEntry[A, R]) args(tt executor.TypedTask[A, R], idx []int) []A {
	if b, ok := tt.(batch.Task[A, R]); ok && idx == nil {
		return b.Args()
	}
	if idx == nil {
		args := make([]A, tt.Len())
		for i := range args {
			args[i] = tt.Arg(i)
		}
		return args
	}
	args := make([]A, len(idx))
	for k, i := range idx {
		args[k] = tt.Arg(i)
	}
	return args
}

func (e *fnEntry[A, R]) send(enc *wire.Encoder, pd *pending) (wire.Layout, error) {
	tt, err := e.typed(pd.t)
	if err != nil {
		return wire.Layout{}, err
	}
	if pd.count() == 1 {
		l, err := wire.EncodeValue(enc, tt.Arg(pd.index(0)))
		if err != nil {
			return l, fmt.Errorf("%w: the argument of %s: %v", ErrEncoding, shortName(e.key), err)
		}
		return l, nil
	}
	l, bad := wire.EncodeValues(enc, e.args(tt, pd.idx))
	for k := range pd.count() {
		if len(bad) == 0 {
			break // every argument encoded; the common case, with no lookups
		}
		if err := bad[k]; err != nil {
			return l, fmt.Errorf("%w: argument %d of %s: %v", ErrEncoding, pd.index(k), shortName(e.key), err)
		}
	}
	return l, nil
}

func (e *fnEntry[A, R]) receive(d *wire.Decoder, r *wire.Result, inf *inflight, pid int) (func(), error) {
	n := inf.count()
	errs, err := resultErrors(e.key, r, n, pid)
	if err != nil {
		return func() { inf.failAll(err) }, err
	}
	vals, err := wire.DecodeValues[R](d, n, r.Values)
	if err != nil {
		err = e.undecodable(err)
		return func() { inf.failAll(err) }, err
	}
	tt := inf.t.(executor.TypedTask[A, R]) // checked when it was sent
	if b, ok := tt.(batch.Task[A, R]); ok && n > 1 {
		return func() { b.FinishCalls(inf.idx, vals, errs) }, nil
	}
	return func() {
		for k, v := range vals {
			finishCall(tt, inf, k, v, errs)
		}
	}, nil
}

func (e *fnEntry[A, R]) resolveOne(d *wire.Decoder, r *wire.Result, inf *inflight, pid int) error {
	errs, err := resultErrors(e.key, r, 1, pid)
	if err != nil {
		inf.failAll(err)
		return err
	}
	v, err := wire.DecodeValue[R](d, r.Values)
	if err != nil {
		err = e.undecodable(err)
		inf.failAll(err)
		return err
	}
	finishCall(inf.t.(executor.TypedTask[A, R]), inf, 0, v, errs) // the type was checked when it was sent
	return nil
}

// undecodable is the error of calls whose results could not be decoded.
func (e *fnEntry[A, R]) undecodable(err error) error {
	return fmt.Errorf("%w: the result of %s could not be decoded: %v", ErrEncoding, shortName(e.key), err)
}

// finishCall resolves the k-th call sent of inf with v, or with errs[k] if
// errs is not nil and it is not.
func finishCall[A, R any](tt executor.TypedTask[A, R], inf *inflight, k int, v R, errs []error) {
	if errs != nil && errs[k] != nil {
		var zero R
		tt.Finish(inf.index(k), zero, errs[k])
		return
	}
	tt.Finish(inf.index(k), v, nil)
}

// resultErrors returns the error of each item of r (nil if none failed).
func resultErrors(key string, r *wire.Result, n, pid int) ([]error, error) {
	if len(r.Errs) == 0 {
		return nil, nil
	}
	errs := make([]error, n)
	for _, we := range r.Errs {
		if we.Item < 0 || we.Item >= n {
			return nil, fmt.Errorf("%w: error for item %d of %d", wire.ErrProtocol, we.Item, n)
		}
		if errs[we.Item] == nil {
			errs[we.Item] = fromWire(key, we, pid)
		}
	}
	return errs, nil
}

func (e *fnEntry[A, R]) job(d *wire.Decoder, c *wire.Call) (job, error) {
	if c.Count() == 1 {
		// One allocation for the job and its slices of one.
		one := &oneJob[A, R]{}
		if err := wire.DecodeValueTo(d, c.Values, &one.arg[0]); err != nil {
			return nil, err
		}
		j := &one.fnJob
		j.fn, j.discard = e.fn, c.Discard
		j.args, j.results, j.errs = one.arg[:], one.result[:], one.err[:]
		return j, nil
	}
	args, err := wire.DecodeValues[A](d, c.Count(), c.Values)
	if err != nil {
		return nil, err
	}
	return &fnJob[A, R]{fn: e.fn, args: args, results: make([]R, len(args)), errs: make([]error, len(args)), discard: c.Discard}, nil
}
