package wire

import (
	"reflect"
	"sync"
	"unsafe"
)

// Flat values: a slice of a fixed-size type without pointers crosses as
// its memory, not as gob, which costs a few nanoseconds per item each
// way. Both ends of a connection run the same program (a worker is the
// parent's own executable, re-executed), so a type has the same size,
// layout and byte order on both.

var flatTypes sync.Map // reflect.Type -> bool

// Flat reports whether values of type t can cross as their memory: t is a
// number type (an int, uint, float or complex of any size, but not
// uintptr, which gob refuses), or an array or struct of such types, with
// only exported fields (gob drops unexported ones), of non-zero size, and
// with no encoding method of its own anywhere. Bools are left out: a byte
// other than 0 or 1 read as a bool breaks the program's invariants.
func Flat(t reflect.Type) bool {
	if v, ok := flatTypes.Load(t); ok {
		return v.(bool)
	}
	ok := t.Size() > 0 && flat(t)
	flatTypes.Store(t, ok)
	return ok
}

func flat(t reflect.Type) bool {
	if custom(t) {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return flat(t.Elem())
	case reflect.Struct:
		if t.NumField() == 0 {
			return false
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Anonymous || !flat(f.Type) {
				return false
			}
		}
		return true
	}
	return false
}

// flatBytes returns the memory of vals.
func flatBytes[T any](vals []T) []byte {
	if len(vals) == 0 {
		return nil
	}
	size := int(unsafe.Sizeof(vals[0]))
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(vals))), len(vals)*size)
}

// Raw appends b to the frame's values section as it is; the receiver
// takes it with Decoder.Raw. It does not disturb the gob stream of the
// values around it.
func (e *Encoder) Raw(b []byte) {
	e.vals.Write(b)
}

// Raw takes the next n bytes of the frame's values section, written by
// Encoder.Raw. They alias the frame's buffer, valid until the next Next.
func (d *Decoder) Raw(n int) ([]byte, error) {
	if n < 0 || n > len(d.vals.b) {
		return nil, protocolErr("%d raw bytes where %d are left", n, len(d.vals.b))
	}
	b := d.vals.b[:n:n]
	d.vals.b = d.vals.b[n:]
	return b, nil
}

// rawSink is a Sink that can also take raw bytes: an Encoder. A Probe
// cannot, and checks flat values as gob would encode them (they always
// encode).
type rawSink interface {
	Raw(b []byte)
}

// encodeFlat writes vals as their memory if s takes raw bytes and T is
// flat, and reports whether it did.
func encodeFlat[T any](s Sink, vals []T) bool {
	rs, ok := s.(rawSink)
	if !ok || !Flat(reflect.TypeFor[T]()) {
		return false
	}
	rs.Raw(flatBytes(vals))
	return true
}

// decodeFlat reads n flat values written by encodeFlat.
func decodeFlat[T any](d *Decoder, n int) ([]T, error) {
	if !Flat(reflect.TypeFor[T]()) {
		return nil, protocolErr("flat values of %v, which is not a flat type", reflect.TypeFor[T]())
	}
	var zero T
	size := uint64(unsafe.Sizeof(zero))
	if uint64(n)*size > uint64(len(d.vals.b)) {
		return nil, protocolErr("%d flat values of %d bytes where %d bytes are left", n, size, len(d.vals.b))
	}
	b, err := d.Raw(n * int(size))
	if err != nil {
		return nil, err
	}
	vals := make([]T, n)
	copy(flatBytes(vals), b)
	return vals, nil
}
