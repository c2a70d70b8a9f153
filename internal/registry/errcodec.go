package registry

import (
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"strconv"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/wire"
)

// The error codec of the executors that run functions in other
// processes: a worker describes an error as a wire.Error (ToWire), the
// submitter rebuilds it (FromWire) as a *RemoteError, an
// *executor.PanicError or one of the process pool's sentinels.

// maxStacks bounds the stacks taken per job: taking one costs
// microseconds, and a chunk of failures needs only the first few.
const maxStacks = 8

// ToWire describes call item's error for the parent. It runs in the worker.
func ToWire(item int, err error, stacks *int) wire.Error {
	we := wire.Error{Item: item, Kind: wire.ErrReturned, Type: fmt.Sprintf("%T", err), Msg: err.Error()}
	var pe *executor.PanicError
	switch {
	case err == ErrSkipped:
		we.Kind = wire.ErrCancelled
	case err == ErrGoexit:
		we.Kind = wire.ErrGoexit
	case errors.As(err, &pe) && err == error(pe):
		we.Kind, we.Type, we.Msg, we.Stack = wire.ErrPanicked, fmt.Sprintf("%T", pe.Value), fmt.Sprint(pe.Value), string(pe.Stack)
		if v, ok := pe.Value.(error); ok {
			we.Known = KnownKeys(v)
		}
	default:
		we.Known = KnownKeys(err)
		if *stacks < maxStacks {
			*stacks++
			we.Stack = string(debug.Stack())
		}
	}
	return we
}

// FromWire rebuilds an error described by a worker. It runs in the parent.
func FromWire(key string, we wire.Error, pid int) error {
	h := installed()
	re := &RemoteError{Type: we.Type, Message: we.Msg, Stack: we.Stack, PID: pid, known: KnownErrors(we.Known)}
	switch we.Kind {
	case wire.ErrPanicked:
		return &executor.PanicError{Value: panicValue(re), Stack: []byte(we.Stack)}
	case wire.ErrCancelled:
		return future.ErrCancelled
	case wire.ErrEncode:
		return fmt.Errorf("%w: the result of %s: %s", h.ErrEncoding, ShortName(key), we.Msg)
	case wire.ErrDecode:
		return fmt.Errorf("%w: the worker could not decode the argument of %s: %s", h.ErrEncoding, ShortName(key), we.Msg)
	case wire.ErrNotRegistered:
		return fmt.Errorf("%w: %s", h.ErrNotRegistered, we.Msg)
	}
	return re
}

// panicValue returns a panic value of a predeclared type (a string, a
// number, a bool) as it was, and re for any other: those cannot be rebuilt
// in this process.
func panicValue(re *RemoteError) any {
	m := re.Message
	switch re.Type {
	case "string":
		return m
	case "bool":
		if v, err := strconv.ParseBool(m); err == nil {
			return v
		}
	case "int", "int8", "int16", "int32", "int64":
		if v, err := strconv.ParseInt(m, 10, 64); err == nil {
			return reflect.ValueOf(v).Convert(predeclared[re.Type]).Interface()
		}
	case "uint", "uint8", "uint16", "uint32", "uint64", "uintptr":
		if v, err := strconv.ParseUint(m, 10, 64); err == nil {
			return reflect.ValueOf(v).Convert(predeclared[re.Type]).Interface()
		}
	case "float32", "float64":
		if v, err := strconv.ParseFloat(m, 64); err == nil {
			return reflect.ValueOf(v).Convert(predeclared[re.Type]).Interface()
		}
	}
	return re
}

var predeclared = map[string]reflect.Type{
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](),
	"int32": reflect.TypeFor[int32](), "int64": reflect.TypeFor[int64](),
	"uint": reflect.TypeFor[uint](), "uint8": reflect.TypeFor[uint8](), "uint16": reflect.TypeFor[uint16](),
	"uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](), "uintptr": reflect.TypeFor[uintptr](),
	"float32": reflect.TypeFor[float32](), "float64": reflect.TypeFor[float64](),
}
