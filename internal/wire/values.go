package wire

import (
	"encoding/gob"
	"fmt"
	"reflect"
	"unsafe"
)

// Sink receives encoded values: an Encoder's values section, or a Probe.
// After an error it has started over, as Encoder.Value describes.
type Sink interface {
	Value(v any) error
}

// EncodeValue writes one value to s: a large slice of a flat type (Flat)
// as its memory if s is an Encoder, anything else as gob. A nil value (pointer, interface, map,
// slice) is not encoded but listed in the Layout's Absent, so that it
// arrives as the zero value it is.
func EncodeValue[T any](s Sink, v T) (Layout, error) {
	if e, ok := s.(*Encoder); ok && Flat(reflect.TypeFor[T]()) {
		// The common case, without moving v to the heap.
		e.Raw(unsafe.Slice((*byte)(unsafe.Pointer(&v)), unsafe.Sizeof(v)))
		return Layout{Flat: true}, nil
	}
	c := v
	return encodeValueAt(s, &c)
}

// encodeValueAt is EncodeValue of *p.
func encodeValueAt[T any](s Sink, p *T) (Layout, error) {
	if isNil(p) {
		return Layout{Absent: []int{0}}, nil
	}
	if encodeFlatSlice(s, *p) || encodeFlatOne(s, p) {
		return Layout{Flat: true}, nil
	}
	if err := s.Value(p); err != nil {
		return Layout{}, err
	}
	return Layout{}, nil
}

// EncodeValues writes vals to s: as their memory if their type is flat
// (Flat) and s is an Encoder, else as one slice if it can be encoded, else
// one value per item, leaving out the nil values and the values that
// cannot be encoded. It returns the layout and the error of each item left
// out because it cannot be encoded.
func EncodeValues[T any](s Sink, vals []T) (Layout, map[int]error) {
	if len(vals) == 1 {
		l, err := encodeValueAt(s, &vals[0])
		if err != nil {
			return Layout{Absent: []int{0}}, map[int]error{0: err}
		}
		return l, nil
	}
	if encodeFlat(s, vals) {
		return Layout{Flat: true}, nil
	}
	if s.Value(&vals) == nil {
		return Layout{Bulk: true}, nil
	}
	l, bad := probeEach(vals)
	for i := range vals {
		if len(l.Absent) > 0 && contains(l.Absent, i) {
			continue
		}
		if err := s.Value(&vals[i]); err != nil {
			// It encoded a moment ago: a value whose encoding changes.
			// Fail every item rather than guess.
			return failAll(len(vals), err)
		}
	}
	return l, bad
}

// probeEach finds the nil values and those that cannot be encoded.
func probeEach[T any](vals []T) (Layout, map[int]error) {
	var l Layout
	bad := map[int]error{}
	p := NewProbe()
	for i := range vals {
		if isNil(&vals[i]) {
			l.Absent = append(l.Absent, i)
		} else if err := p.Value(&vals[i]); err != nil {
			l.Absent = append(l.Absent, i)
			bad[i] = err
		}
	}
	return l, bad
}

func failAll(n int, err error) (Layout, map[int]error) {
	l := Layout{Absent: make([]int, n)}
	bad := make(map[int]error, n)
	for i := range n {
		l.Absent[i] = i
		bad[i] = err
	}
	return l, bad
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// DecodeValue reads a value written by EncodeValue.
func DecodeValue[T any](d *Decoder, l Layout) (T, error) {
	if l.Flat && !l.Bulk && len(l.Absent) == 0 {
		// The common case, without moving a value to the heap.
		if v, ok, err := decodeFlatOne[T](d); ok {
			return v, err
		}
	}
	var v T
	err := DecodeValueTo(d, l, &v)
	return v, err
}

// DecodeValueTo reads a value written by EncodeValue into *p, which must
// hold T's zero value.
func DecodeValueTo[T any](d *Decoder, l Layout, p *T) error {
	if l.Bulk || len(l.Absent) > 1 || (len(l.Absent) == 1 && (l.Absent[0] != 0 || l.Flat)) {
		return protocolErr("bad layout for one value")
	}
	if l.Flat {
		v, ok, err := decodeFlatOne[T](d)
		if !ok {
			v, err = decodeFlatSlice[T](d)
		}
		*p = v
		return err
	}
	if len(l.Absent) == 1 {
		return nil
	}
	return d.Value(p)
}

// DecodeValues reads n values written by EncodeValues.
func DecodeValues[T any](d *Decoder, n int, l Layout) ([]T, error) {
	if n == 1 {
		vals := make([]T, 1)
		err := DecodeValueTo(d, l, &vals[0])
		return vals, err
	}
	if err := checkLayout(n, l); err != nil {
		return nil, err
	}
	if l.Flat {
		return decodeFlat[T](d, n)
	}
	if l.Bulk {
		var vals []T
		if err := d.Value(&vals); err != nil {
			return nil, err
		}
		if len(vals) != n {
			return nil, protocolErr("%d values where %d were expected", len(vals), n)
		}
		return vals, nil
	}
	vals := make([]T, n)
	next := 0 // position in l.Absent
	for i := range vals {
		if next < len(l.Absent) && l.Absent[next] == i {
			next++
			continue
		}
		if err := d.Value(&vals[i]); err != nil {
			return nil, err
		}
	}
	return vals, nil
}

// checkLayout rejects impossible layouts: counts that do not fit the frame,
// absent positions out of range or out of order.
func checkLayout(n int, l Layout) error {
	if n < 0 || n > MaxFrame {
		return protocolErr("%d values", n)
	}
	if (l.Bulk || l.Flat) && len(l.Absent) > 0 {
		return protocolErr("bulk values with absent ones")
	}
	for k, i := range l.Absent {
		if i < 0 || i >= n || (k > 0 && i <= l.Absent[k-1]) {
			return protocolErr("bad absent value position %d", i)
		}
	}
	return nil
}

// isNil reports whether *v is a nil pointer, interface, map, slice,
// channel or function.
func isNil[T any](v *T) bool {
	rv := reflect.ValueOf(v).Elem()
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func:
		return rv.IsNil()
	}
	return false
}

// Probe is a Sink that encodes values only to check that they can be, and
// counts the bytes. Keep one per goroutine and reuse it: it remembers the
// types it has seen, so checking a value of a known type costs about as
// much as encoding it.
type Probe struct {
	w counter
	g *gob.Encoder
}

// NewProbe returns an empty Probe.
func NewProbe() *Probe {
	p := &Probe{}
	p.g = gob.NewEncoder(&p.w)
	return p
}

// Value encodes v and discards the bytes. After an error, or a large value
// (whose buffer it releases), it starts a new stream.
func (p *Probe) Value(v any) error {
	before := p.w.n
	err := encode(p.g, v)
	if err != nil || p.w.n-before > keepBuffer {
		p.g = gob.NewEncoder(&p.w)
	}
	if err != nil {
		return err
	}
	if p.w.n-before > MaxFrame-(1<<20) {
		return fmt.Errorf("%w (%d bytes)", ErrTooLarge, p.w.n-before)
	}
	return nil
}

// counter is an io.Writer that counts and discards.
type counter struct{ n int64 }

func (c *counter) Write(b []byte) (int, error) {
	c.n += int64(len(b))
	return len(b), nil
}
