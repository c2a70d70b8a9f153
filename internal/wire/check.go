package wire

import (
	"fmt"
	"reflect"
	"sync"
)

// MaxDepth is the deepest nesting of pointers, slices, maps, structs and
// interfaces that a value may have to be encoded: encoding/gob recurses
// once per level and would overflow the goroutine's stack, which kills
// the process, on a list millions deep. A million levels take about two
// seconds to encode.
const MaxDepth = 100_000

// typeInfo is what CheckType found about a type, cached.
type typeInfo struct {
	err  error // why values of the type cannot be sent; nil if they can
	walk bool  // values may be cyclic or deep, or hold interfaces: check each
}

var typeInfos sync.Map // reflect.Type -> *typeInfo

func info(t reflect.Type) *typeInfo {
	if ti, ok := typeInfos.Load(t); ok {
		return ti.(*typeInfo)
	}
	ti := &typeInfo{}
	ti.walk, ti.err = inspect(t, nil, map[reflect.Type]bool{})
	v, _ := typeInfos.LoadOrStore(t, ti)
	return v.(*typeInfo)
}

// CheckType returns why values of type t cannot cross to another process
// intact: a struct field that gob would silently leave out (an unexported
// field, or a channel or function field), or a channel, function or
// unsafe pointer. A type with its own encoding method (GobEncode,
// MarshalBinary, MarshalText) is not looked into. Interface values are
// checked when they are encoded, as their types are not known before.
func CheckType(t reflect.Type) error { return info(t).err }

// inspect walks the type graph of t. path holds the types being looked
// into, to tell recursive types; field names the field that led to t, for
// the message.
func inspect(t reflect.Type, field []string, path map[reflect.Type]bool) (walk bool, err error) {
	if path[t] {
		return true, nil // recursive: values may be cyclic or deep
	}
	if custom(t) {
		return false, nil
	}
	path[t] = true
	defer delete(path, t)
	switch t.Kind() {
	case reflect.Interface:
		return true, nil
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return false, fmt.Errorf("%sa %s cannot be sent to another process", where(field), kindName(t))
	case reflect.Pointer, reflect.Array, reflect.Slice:
		return inspect(t.Elem(), field, path)
	case reflect.Map:
		kwalk, err := inspect(t.Key(), field, path)
		if err != nil {
			return false, err
		}
		vwalk, err := inspect(t.Elem(), field, path)
		return kwalk || vwalk, err
	case reflect.Struct:
		return inspectFields(t, field, path)
	}
	return false, nil
}

func inspectFields(t reflect.Type, field []string, path map[reflect.Type]bool) (walk bool, err error) {
	for i := range t.NumField() {
		f := t.Field(i)
		switch k := f.Type.Kind(); {
		case f.Name == "_":
			continue // padding
		case !f.IsExported():
			return false, fmt.Errorf("%s%s has the unexported field %s, which gob would leave out: "+
				"export it, or give %s a GobEncode or MarshalBinary method", where(field), t, f.Name, t)
		case k == reflect.Chan || k == reflect.Func:
			return false, fmt.Errorf("%s%s has the field %s, a %s, which cannot be sent to another process (gob would leave it out)",
				where(field), t, f.Name, kindName(f.Type))
		}
		fwalk, err := inspect(f.Type, append(field, f.Name), path)
		if err != nil {
			return false, err
		}
		walk = walk || fwalk
	}
	return walk, nil
}

func where(field []string) string {
	if len(field) == 0 {
		return ""
	}
	s := "field " + field[0]
	for _, f := range field[1:] {
		s += "." + f
	}
	return s + ": "
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Chan:
		return "channel"
	case reflect.Func:
		return "function"
	}
	return t.String()
}

// Check returns why the value v points to cannot be encoded intact: its
// type's problem (CheckType), a cycle (a pointer, slice or map that leads
// back to itself, on which gob would recurse for ever), nesting deeper
// than MaxDepth, or such a problem in the dynamic type of an interface
// value it holds. It looks into a value only if its type is recursive or
// holds interfaces.
func Check(v any) error {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return nil
	}
	ti := info(rv.Type())
	if ti.err != nil || !ti.walk {
		return ti.err
	}
	var w walker
	_, err := w.walk(rv, 0)
	return err
}

// visit identifies a pointer, slice or map on the walk.
type visit struct {
	ptr uintptr
	typ reflect.Type
	n   int // a slice's length: a slice and its prefix share a pointer
}

type walker struct {
	path map[visit]bool // on the current path: meeting one again is a cycle
	done map[visit]int  // walked already, with its height: not walked again
}

// walk checks v at nesting depth and returns the height of what it holds.
func (w *walker) walk(v reflect.Value, depth int) (int, error) {
	if depth > MaxDepth {
		return 0, fmt.Errorf("the value nests deeper than %d levels", MaxDepth)
	}
	ti := info(v.Type())
	if ti.err != nil || !ti.walk {
		return 0, ti.err
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return 0, nil
		}
		return w.child(v.Elem(), depth)
	case reflect.Pointer, reflect.Slice, reflect.Map:
		if v.IsNil() {
			return 0, nil
		}
		key := visit{ptr: v.Pointer(), typ: v.Type()}
		if v.Kind() == reflect.Slice {
			key.n = v.Len()
		}
		return w.shared(v, key, depth)
	case reflect.Array:
		return w.elems(v, depth)
	case reflect.Struct:
		h := 0
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && f.Name != "_" {
				fh, err := w.child(v.Field(i), depth)
				if err != nil {
					return 0, err
				}
				h = max(h, fh)
			}
		}
		return h, nil
	}
	return 0, nil
}

func (w *walker) child(v reflect.Value, depth int) (int, error) {
	h, err := w.walk(v, depth+1)
	return h + 1, err
}

// shared walks what a pointer, slice or map refers to, once.
func (w *walker) shared(v reflect.Value, key visit, depth int) (int, error) {
	if w.path[key] {
		return 0, fmt.Errorf("the value is cyclic: a %s refers back to itself, and gob would recurse for ever", v.Type())
	}
	if h, ok := w.done[key]; ok {
		if depth+h > MaxDepth {
			return 0, fmt.Errorf("the value nests deeper than %d levels", MaxDepth)
		}
		return h, nil
	}
	if w.path == nil {
		w.path, w.done = map[visit]bool{}, map[visit]int{}
	}
	w.path[key] = true
	var h int
	var err error
	switch v.Kind() {
	case reflect.Pointer:
		h, err = w.child(v.Elem(), depth)
	case reflect.Slice:
		h, err = w.elems(v, depth)
	case reflect.Map:
		for it := v.MapRange(); it.Next() && err == nil; {
			var kh, vh int
			if kh, err = w.child(it.Key(), depth); err == nil {
				vh, err = w.child(it.Value(), depth)
			}
			h = max(h, kh, vh)
		}
	}
	delete(w.path, key)
	w.done[key] = h
	return h, err
}

func (w *walker) elems(v reflect.Value, depth int) (int, error) {
	h := 0
	for i := range v.Len() {
		eh, err := w.child(v.Index(i), depth)
		if err != nil {
			return 0, err
		}
		h = max(h, eh)
	}
	return h, nil
}
