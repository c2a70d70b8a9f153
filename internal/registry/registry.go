package registry

import (
	"errors"
	"reflect"
	"sync"
)

// Hooks are what the owner of the registry (package processpool) installs.
type Hooks struct {
	// ByFunc finds the registered function of a task's Func, or returns
	// an error that says how to register it.
	ByFunc func(fn any) (Func, error)
	// ByName finds a registered function in a worker.
	ByName func(name string) (Func, bool)
	// The process pool's sentinels, which the errors of this package
	// wrap: ErrEncoding (a value that cannot cross), ErrNotRegistered, and
	// ErrWorkerExited (in every *ExitError).
	ErrEncoding, ErrNotRegistered, ErrWorkerExited error
}

var (
	mu    sync.RWMutex
	hooks Hooks
	cache sync.Map // name -> Func
	funcs sync.Map // funcKey -> Func
)

// errNotInstalled is returned before processpool installed its hooks,
// which cannot happen in a program that imports processpool.
var errNotInstalled = errors.New("registry: processpool is not linked in")

// Install sets the hooks. It is called once, from processpool's init.
func Install(h Hooks) {
	mu.Lock()
	defer mu.Unlock()
	hooks = h
}

func installed() Hooks {
	mu.RLock()
	defer mu.RUnlock()
	return hooks
}

// ByFunc returns the registered function fn, or the error that Submit
// reports for an unregistered one.
func ByFunc(fn any) (Func, error) {
	v := reflect.ValueOf(fn)
	if v.Kind() == reflect.Func && !v.IsNil() {
		if c, ok := funcs.Load(funcKey{v.Pointer(), v.Type()}); ok {
			return c.(Func), nil
		}
	}
	h := installed()
	if h.ByFunc == nil {
		return nil, errNotInstalled
	}
	f, err := h.ByFunc(fn)
	if err != nil {
		return nil, err
	}
	c, _ := cache.LoadOrStore(f.Name(), f)
	funcs.Store(funcKey{v.Pointer(), v.Type()}, c)
	return c.(Func), nil
}

// ByName returns the function registered under name.
func ByName(name string) (Func, bool) {
	if c, ok := cache.Load(name); ok {
		return c.(Func), true
	}
	h := installed()
	if h.ByName == nil {
		return nil, false
	}
	f, ok := h.ByName(name)
	if !ok {
		return nil, false
	}
	c, _ := cache.LoadOrStore(name, f)
	return c.(Func), true
}
