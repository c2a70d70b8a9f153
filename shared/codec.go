package shared

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"math"
	"reflect"
	"sync"
	"unsafe"
)

// Keys and values cross to the Manager encoded. A type made only of
// bools, numbers, strings, and arrays, slices and structs of those has a
// canonical encoding (equal values, equal bytes, in every process), which
// Dict keys and CompareAndSwap need and which numbers' Add reads: 8
// bytes per number, little-endian. Any other type crosses with
// encoding/gob, self-describing, one value at a time.

var canonicalTypes sync.Map // reflect.Type -> bool

func canonical(t reflect.Type) bool {
	if ok, seen := canonicalTypes.Load(t); seen {
		return ok.(bool)
	}
	ok := canonicalKind(t, map[reflect.Type]bool{})
	canonicalTypes.Store(t, ok)
	return ok
}

func canonicalKind(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false // recursive
	}
	seen[t] = true
	defer delete(seen, t)
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array, reflect.Slice:
		return canonicalKind(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if !canonicalKind(t.Field(i).Type, seen) {
				return false
			}
		}
		return true
	}
	return false
}

// encodeValue encodes x: canonically if T has a canonical encoding, else
// with gob.
func encodeValue[T any](x T) ([]byte, error) {
	switch v := any(x).(type) {
	case string:
		return []byte(v), nil
	case int:
		return u64(uint64(v)), nil
	case int64:
		return u64(uint64(v)), nil
	case float64:
		return u64(math.Float64bits(v)), nil
	}
	t := reflect.TypeFor[T]()
	if canonical(t) {
		rv := reflect.ValueOf(&x).Elem()
		if t.Kind() == reflect.String {
			return []byte(rv.String()), nil
		}
		return appendCanonical(nil, rv), nil
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&x); err != nil {
		return nil, fmt.Errorf("shared: a %s cannot be sent to the manager: %w", t, err)
	}
	return b.Bytes(), nil
}

func decodeValue[T any](b []byte) (T, error) {
	var x T
	switch p := any(&x).(type) {
	case *string:
		*p = string(b)
		return x, nil
	case *int:
		*p = int(le64(b))
		return x, nil
	case *int64:
		*p = int64(le64(b))
		return x, nil
	case *float64:
		*p = math.Float64frombits(le64(b))
		return x, nil
	}
	t := reflect.TypeFor[T]()
	if canonical(t) {
		rv := reflect.ValueOf(&x).Elem()
		if t.Kind() == reflect.String {
			rv.SetString(string(b))
			return x, nil
		}
		if _, ok := readCanonical(b, rv); !ok {
			return x, fmt.Errorf("shared: a malformed %s from the manager", t)
		}
		return x, nil
	}
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&x); err != nil {
		return x, fmt.Errorf("shared: a %s from the manager cannot be decoded: %w", t, err)
	}
	return x, nil
}

func le64(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

func appendCanonical(b []byte, v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1)
		}
		return append(b, 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.LittleEndian.AppendUint64(b, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return binary.LittleEndian.AppendUint64(b, v.Uint())
	case reflect.Float32, reflect.Float64:
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(real(c)))
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(imag(c)))
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		return append(b, v.String()...)
	case reflect.Slice:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			b = appendCanonical(b, v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			b = appendCanonical(b, v.Field(i))
		}
	}
	return b
}

// readCanonical decodes into the addressable v and returns the rest of b.
func readCanonical(b []byte, v reflect.Value) ([]byte, bool) {
	if !v.CanSet() { // an unexported field
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	switch v.Kind() {
	case reflect.Bool:
		if len(b) < 1 {
			return nil, false
		}
		v.SetBool(b[0] != 0)
		return b[1:], true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		if len(b) < 8 {
			return nil, false
		}
		setNumber(v, binary.LittleEndian.Uint64(b))
		return b[8:], true
	case reflect.Complex64, reflect.Complex128:
		if len(b) < 16 {
			return nil, false
		}
		v.SetComplex(complex(math.Float64frombits(le64(b)), math.Float64frombits(le64(b[8:]))))
		return b[16:], true
	case reflect.String:
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return nil, false
		}
		v.SetString(string(b[k : k+int(n)]))
		return b[k+int(n):], true
	case reflect.Slice:
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)) {
			return nil, false
		}
		v.Set(reflect.MakeSlice(v.Type(), int(n), int(n)))
		b = b[k:]
		fallthrough
	case reflect.Array:
		ok := true
		for i := 0; i < v.Len() && ok; i++ {
			b, ok = readCanonical(b, v.Index(i))
		}
		return b, ok
	case reflect.Struct:
		ok := true
		for i := 0; i < v.NumField() && ok; i++ {
			b, ok = readCanonical(b, v.Field(i))
		}
		return b, ok
	}
	return nil, false
}

func setNumber(v reflect.Value, u uint64) {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		v.SetFloat(math.Float64frombits(u))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(u)
	default:
		v.SetInt(int64(u))
	}
}
