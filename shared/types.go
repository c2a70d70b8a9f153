package shared

import (
	"fmt"
	"hash/fnv"
	"reflect"
)

// checkType returns a *TypeError if values of t hold pointers (or an
// address), which mean nothing in another process.
func checkType(t reflect.Type) error {
	if path, kind := pointerIn(t, t.String()); path != "" {
		return &TypeError{Type: t.String(), Path: path, Kind: kind}
	}
	return nil
}

// pointerIn returns the path to the first part of t that cannot be
// shared, and its kind; "" if every part can.
func pointerIn(t reflect.Type, path string) (string, string) {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return "", ""
	case reflect.Array:
		return pointerIn(t.Elem(), path+"[0]")
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if p, k := pointerIn(f.Type, path+"."+f.Name); p != "" {
				return p, k
			}
		}
		return "", ""
	}
	return path, t.Kind().String()
}

// fingerprint identifies a type across processes of one program, so that
// a handle is only decoded into the type it was made with.
func fingerprint(t reflect.Type, what string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s %s %d", what, t.String(), t.Size())
	return h.Sum64()
}
