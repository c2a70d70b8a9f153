package processpool

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/registry"
)

// The registered functions and errors live in internal/registry, the one
// table that the process pool and the cluster executor share; this file is
// the users' side of it and the pool's lookups.

// Register makes fn runnable in a process pool and returns it, so that it
// can also be written `var Square = processpool.Register(square)`. Call it
// at package initialisation (an init function or a package-level var) of a
// package that both the parent and the workers run: workers find functions
// by name, and a worker only knows what its own initialisation
// registered. Registering the same function again does nothing.
//
// Register panics if fn is nil, a closure or a method value (only
// top-level functions have a name that means the same in another process),
// or if another function of the same name but a different type was
// registered (two instantiations of a generic function are told apart by
// type).
func Register[A, R any](fn func(context.Context, A) (R, error)) func(context.Context, A) (R, error) {
	if fn == nil {
		panic("processpool: Register(nil): pass a top-level function")
	}
	v := reflect.ValueOf(fn)
	name := registry.FuncName(v)
	if registry.IsClosure(name) {
		panic(fmt.Sprintf("processpool: Register(%s): only top-level functions can run in a process pool: "+
			"a closure or method value has no name a worker process can find; declare it as a top-level func", name))
	}
	e := &fnEntry[A, R]{key: name, fn: fn}
	if prev, loaded := registry.Store(v, name, entry(e)); loaded {
		if _, same := prev.(*fnEntry[A, R]); !same {
			panic(fmt.Sprintf("processpool: Register(%s): a function of that name and another type is registered", name))
		}
	}
	return fn
}

// RegisterError makes errors.Is see err through the *RemoteError of a task
// that failed with it (or with an error wrapping it) in a worker, as it
// does for context.Canceled, io.EOF and the other standard sentinels. Call
// it at package initialisation, as Register, with a sentinel error value:
// errors are matched by type and text.
func RegisterError(err error) {
	if err == nil {
		panic("processpool: RegisterError(nil)")
	}
	registry.RegisterError(err)
}

func init() {
	for _, err := range []error{
		context.Canceled, context.DeadlineExceeded, future.ErrCancelled, future.ErrTimeout,
		io.EOF, io.ErrUnexpectedEOF, fs.ErrNotExist, fs.ErrExist, fs.ErrPermission, fs.ErrClosed,
		os.ErrDeadlineExceeded, executor.ErrShutdown, ErrWorkerExited, ErrBrokenPool, ErrNotRegistered, ErrEncoding,
	} {
		RegisterError(err)
	}
}

// knownKeys returns the keys of the registered errors that err wraps.
func knownKeys(err error) []string { return registry.KnownKeys(err) }

// knownErrors returns the registered errors of keys.
func knownErrors(keys []string) []error { return registry.KnownErrors(keys) }

// lookup finds the entry of a task's function, or says how to register it.
func lookup(fn any) (entry, error) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return nil, fmt.Errorf("%w: the task's function is %T, not a func", ErrNotRegistered, fn)
	}
	if e, ok := registry.Entry(v); ok {
		return e.(entry), nil
	}
	name := funcName(v)
	if isClosure(name) {
		return nil, fmt.Errorf("%w: %s is a closure or method value; only top-level functions "+
			"registered with processpool.Register can run in a process pool", ErrNotRegistered, name)
	}
	return nil, fmt.Errorf("%w: %s: call processpool.Register(%s) in an init() of a package "+
		"that both the parent and the worker processes import", ErrNotRegistered, name, shortName(name))
}

// byName finds a registered function in a worker.
func byName(name string) (entry, bool) {
	e, ok := registry.Named(name)
	if !ok {
		return nil, false
	}
	return e.(entry), true
}

func funcName(v reflect.Value) string { return registry.FuncName(v) }

func isClosure(name string) bool { return registry.IsClosure(name) }

func shortName(name string) string { return registry.ShortName(name) }
