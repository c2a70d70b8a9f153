package registry

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"
)

// The one table of registered functions and errors of a program. Package
// processpool fills it (processpool.Register, processpool.RegisterError)
// and both executors that run functions elsewhere, the process pool and
// the cluster, find functions and well-known errors in it.
var table struct {
	byName sync.Map // function name -> the registrant's entry
	byFunc sync.Map // funcKey -> the registrant's entry, for lookups without names

	mu    sync.RWMutex
	known []knownError // RegisterError's, in registration order
}

type funcKey struct {
	pc  uintptr
	typ reflect.Type
}

type knownError struct {
	key string
	err error
}

// Store records e, the registrant's entry for the function v, under name.
// If an entry was stored under name before, it is kept and returned with
// loaded true; the function itself then finds e.
func Store(v reflect.Value, name string, e any) (prev any, loaded bool) {
	prev, loaded = table.byName.LoadOrStore(name, e)
	table.byFunc.Store(funcKey{v.Pointer(), v.Type()}, e)
	return prev, loaded
}

// Entry returns the entry stored for the function v.
func Entry(v reflect.Value) (any, bool) {
	return table.byFunc.Load(funcKey{v.Pointer(), v.Type()})
}

// Named returns the entry stored under name.
func Named(name string) (any, bool) { return table.byName.Load(name) }

// RegisterError adds err to the well-known errors that errors.Is sees
// through an error that crossed from another process.
func RegisterError(err error) {
	table.mu.Lock()
	defer table.mu.Unlock()
	table.known = append(table.known, knownError{errorKey(err), err})
}

func errorKey(err error) string { return fmt.Sprintf("%T %s", err, err.Error()) }

// KnownKeys returns the keys of the registered errors that err wraps.
func KnownKeys(err error) []string {
	table.mu.RLock()
	defer table.mu.RUnlock()
	var keys []string
	for _, k := range table.known {
		if errors.Is(err, k.err) {
			keys = append(keys, k.key)
		}
	}
	return keys
}

// KnownErrors returns the registered errors of keys; unknown keys are
// left out.
func KnownErrors(keys []string) []error {
	if len(keys) == 0 {
		return nil
	}
	table.mu.RLock()
	defer table.mu.RUnlock()
	errs := make([]error, 0, len(keys))
	for _, key := range keys {
		for _, k := range table.known {
			if k.key == key {
				errs = append(errs, k.err)
				break
			}
		}
	}
	return errs
}

// FuncName returns the name by which workers find the function v: its
// runtime name, plus its type for instantiations of generic functions
// (which share the name "pkg.F[...]").
func FuncName(v reflect.Value) string {
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

// IsClosure reports whether a name of FuncName is a closure's or a method
// value's: those mean nothing in another process.
func IsClosure(name string) bool {
	name, _, _ = strings.Cut(name, " ")
	return closureName.MatchString(name[strings.LastIndex(name, "/")+1:])
}

// ShortName is the name as the user would write it in the package itself:
// "example.com/m/pkg.F" becomes "pkg.F".
func ShortName(name string) string {
	name, _, _ = strings.Cut(name, " ")
	return name[strings.LastIndex(name, "/")+1:]
}
