package wire

import (
	"reflect"
	"unsafe"
)

// One value of a flat type (an int, a struct of floats) crosses as its
// memory too: a Submit's argument and result then cost no gob at all.
// Its Layout says Flat, as a large flat slice's does; the receiver, which
// knows the type, tells them apart.

// encodeFlatOne writes v as its memory if s takes raw bytes and T is flat,
// and reports whether it did.
func encodeFlatOne[T any](s Sink, v *T) bool {
	rs, ok := s.(rawSink)
	if !ok || !Flat(reflect.TypeFor[T]()) {
		return false
	}
	rs.Raw(unsafe.Slice((*byte)(unsafe.Pointer(v)), unsafe.Sizeof(*v)))
	return true
}

// decodeFlatOne reads a value written by encodeFlatOne; ok is false if T
// is not flat (the value is then a large flat slice).
func decodeFlatOne[T any](d *Decoder) (v T, ok bool, err error) {
	if !Flat(reflect.TypeFor[T]()) {
		return v, false, nil
	}
	b, err := d.Raw(int(unsafe.Sizeof(v)))
	if err != nil {
		return v, true, err
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&v)), unsafe.Sizeof(v)), b)
	return v, true, nil
}
