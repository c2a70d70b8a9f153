package wire

import (
	"encoding/binary"
	"reflect"
	"unsafe"
)

// A single large slice of a flat type ([]byte, []float64, ...) crosses as
// its memory too: the sender writes it from where it lies, after the
// frame's other bytes, and the receiver keeps it in the buffer it was
// read into when it can, so that a large value is copied once each way
// (by the pipe) rather than once per layer.

// minFlatSlice is the smallest slice, in bytes, that crosses as its
// memory; smaller ones cross as gob, as they always did.
const minFlatSlice = 4 << 10

// flatSlice returns the memory of v if T is a slice of a flat type and v
// is at least minFlatSlice bytes long.
func flatSlice[T any](v T) ([]byte, bool) {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Slice || !Flat(t.Elem()) {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	n := rv.Len() * int(t.Elem().Size())
	if n < minFlatSlice {
		return nil, false
	}
	return unsafe.Slice((*byte)(rv.UnsafePointer()), n), true
}

// tailSink is a Sink that can send bytes from where they lie: an Encoder.
type tailSink interface {
	rawSink
	Tail(b []byte)
}

// Tail sends b after the frame's values section without copying it, and
// ends the values section: nothing may be encoded after it. b must stay
// unchanged until WriteTo returns; the Encoder drops it then, or at Begin.
func (e *Encoder) Tail(b []byte) {
	if len(b) <= inlineValues {
		e.Raw(b)
		return
	}
	e.tail = b
}

// encodeFlatSlice writes v as its memory, its length in bytes first, if s
// is an Encoder and v a large slice of a flat type, and reports whether it
// did.
func encodeFlatSlice[T any](s Sink, v T) bool {
	ts, ok := s.(tailSink)
	if !ok {
		return false
	}
	b, ok := flatSlice(v)
	if !ok {
		return false
	}
	ts.Raw(binary.BigEndian.AppendUint64(nil, uint64(len(b))))
	ts.Tail(b)
	return true
}

// decodeFlatSlice reads a value written by encodeFlatSlice. A large value
// keeps the frame's buffer, which the Decoder then gives up, if its
// elements' alignment allows; a small one is copied.
func decodeFlatSlice[T any](d *Decoder) (T, error) {
	var v T
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Slice || !Flat(t.Elem()) {
		return v, protocolErr("a flat value of %v, which is not a slice of a flat type", t)
	}
	lb, err := d.Raw(8)
	if err != nil {
		return v, err
	}
	n := binary.BigEndian.Uint64(lb)
	size := uint64(t.Elem().Size())
	if n > uint64(len(d.vals.b)) || n%size != 0 || n == 0 {
		return v, protocolErr("a flat value of %d bytes of %v, with %d bytes left", n, t, len(d.vals.b))
	}
	b, _ := d.Raw(int(n))
	count := int(n / size)
	p := unsafe.Pointer(unsafe.SliceData(b))
	if n > keepBuffer && uintptr(p)%uintptr(t.Elem().Align()) == 0 {
		d.buf = nil // the value owns the buffer now
		return reflect.SliceAt(t.Elem(), p, count).Convert(t).Interface().(T), nil
	}
	rv := reflect.MakeSlice(t, count, count)
	copy(unsafe.Slice((*byte)(rv.UnsafePointer()), n), b)
	return rv.Interface().(T), nil
}
