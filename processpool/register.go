package processpool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// registry holds the registered functions and errors. Both processes fill
// it the same way, in their package initialisation.
var registry struct {
	byName sync.Map // function name -> entry
	byFunc sync.Map // funcKey -> entry, for Submit's lookup without names

	mu    sync.RWMutex
	known []knownError // RegisterError's, after the standard ones
}

type funcKey struct {
	pc  uintptr
	typ reflect.Type
}

type knownError struct {
	key string
	err error
}

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
	name := funcName(v)
	if isClosure(name) {
		panic(fmt.Sprintf("processpool: Register(%s): only top-level functions can run in a process pool: "+
			"a closure or method value has no name a worker process can find; declare it as a top-level func", name))
	}
	e := &fnEntry[A, R]{key: name, fn: fn}
	if prev, loaded := registry.byName.LoadOrStore(name, entry(e)); loaded {
		if _, same := prev.(*fnEntry[A, R]); !same {
			panic(fmt.Sprintf("processpool: Register(%s): a function of that name and another type is registered", name))
		}
	}
	registry.byFunc.Store(funcKey{v.Pointer(), v.Type()}, e)
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
	registry.mu.Lock()
	defer registry.mu.Unlock()
	registry.known = append(registry.known, knownError{errorKey(err), err})
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

func errorKey(err error) string { return fmt.Sprintf("%T %s", err, err.Error()) }

// knownKeys returns the keys of the registered errors that err wraps.
func knownKeys(err error) []string {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	var keys []string
	for _, k := range registry.known {
		if errors.Is(err, k.err) {
			keys = append(keys, k.key)
		}
	}
	return keys
}

// knownErrors returns the registered errors of keys; unknown keys are
// left out.
func knownErrors(keys []string) []error {
	if len(keys) == 0 {
		return nil
	}
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	errs := make([]error, 0, len(keys))
	for _, key := range keys {
		for _, k := range registry.known {
			if k.key == key {
				errs = append(errs, k.err)
				break
			}
		}
	}
	return errs
}

// lookup finds the entry of a task's function, or says how to register it.
func lookup(fn any) (entry, error) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return nil, fmt.Errorf("%w: the task's function is %T, not a func", ErrNotRegistered, fn)
	}
	if e, ok := registry.byFunc.Load(funcKey{v.Pointer(), v.Type()}); ok {
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
	e, ok := registry.byName.Load(name)
	if !ok {
		return nil, false
	}
	return e.(entry), true
}

// funcName returns the name by which workers find the function: its
// runtime name, plus its type for instantiations of generic functions
// (which share the name "pkg.F[...]").
func funcName(v reflect.Value) string {
	name := "unknown"
	if f := runtime.FuncForPC(v.Pointer()); f != nil {
		name = f.Name()
	}
	if strings.Contains(name, "[...]") {
		name += " " + v.Type().String()
	}
	return name
}

// closureName matches the runtime names of function literals
// ("pkg.F.func1", "pkg.init.func2.1") and method values ("pkg.T.M-fm").
var closureName = regexp.MustCompile(`^[^.]*\..*\.func\d+(\.|$)|-fm$`)

func isClosure(name string) bool {
	name, _, _ = strings.Cut(name, " ")
	return closureName.MatchString(name[strings.LastIndex(name, "/")+1:])
}

// shortName is the name as the user would write it in the package itself:
// "example.com/m/pkg.F" becomes "pkg.F".
func shortName(name string) string {
	name, _, _ = strings.Cut(name, " ")
	return name[strings.LastIndex(name, "/")+1:]
}
