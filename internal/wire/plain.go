package wire

import (
	"encoding"
	"encoding/gob"
	"reflect"
)

var (
	gobEncoder   = reflect.TypeFor[gob.GobEncoder]()
	binMarshaler = reflect.TypeFor[encoding.BinaryMarshaler]()
	txtMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// Plain reports whether every value of type t encodes if its zero value
// does: t holds no interface (whose dynamic type may be unregistered), no
// pointer inside a slice, array or map (which may be nil), no type with
// its own encoding method (which may fail), and is not recursive (a value
// may be cyclic, or too deep); CheckType finds nothing wrong with it.
// Values of a plain type need no check before they are sent.
func Plain(t reflect.Type) bool {
	if ti := info(t); ti.err != nil || ti.walk {
		return false
	}
	return plain(t, map[reflect.Type]bool{})
}

func plain(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return true // a recursive type: decided where it started
	}
	seen[t] = true
	if custom(t) {
		return false
	}
	switch t.Kind() {
	case reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer, reflect.Uintptr:
		return false
	case reflect.Pointer:
		return plain(t.Elem(), seen)
	case reflect.Array, reflect.Slice:
		return t.Elem().Kind() != reflect.Pointer && plain(t.Elem(), seen)
	case reflect.Map:
		return t.Key().Kind() != reflect.Pointer && t.Elem().Kind() != reflect.Pointer &&
			plain(t.Key(), seen) && plain(t.Elem(), seen)
	case reflect.Struct:
		return plainFields(t, seen)
	}
	return true
}

func plainFields(t reflect.Type, seen map[reflect.Type]bool) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		k := f.Type.Kind()
		if !f.IsExported() || k == reflect.Chan || k == reflect.Func {
			continue // gob leaves these out
		}
		if !plain(f.Type, seen) {
			return false
		}
	}
	return true
}

// custom reports whether t or *t has its own encoding method.
func custom(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	for _, m := range []reflect.Type{gobEncoder, binMarshaler, txtMarshaler} {
		if t.Implements(m) || p.Implements(m) {
			return true
		}
	}
	return false
}
