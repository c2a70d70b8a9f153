package shared

import (
	"errors"
	"fmt"
	"reflect"
)

// Dict is a map held by a Manager, Python's Manager().dict(). Pass a
// *Dict in a task's argument: the worker's copy is a proxy on the same
// map, connecting to the Manager on first use. Its methods are safe for
// concurrent use, and each is one round trip to the Manager (about 15-30
// µs between processes on a small machine); after the Manager is closed
// or gone they return ErrClosed at once.
//
// Each method is atomic on its own. For a read-modify-write of one entry,
// the first thing a user of d[k] += 1 from many workers needs, use AddKey for
// numbers (one round trip, done by the Manager), or a loop of Get and
// CompareAndSwap (and LoadOrStore for a missing key) for anything else.
//
// K must be made of bools, numbers and strings (and arrays and structs of
// those): keys are compared by their encoding in the Manager. V may be any
// gob-encodable type.
type Dict[K comparable, V any] struct{ p proxy }

// NewDict makes an empty Dict held by m. It returns an error if K cannot
// serve as a key across processes, and ErrClosed after m.Close.
func NewDict[K comparable, V any](m *Manager) (*Dict[K, V], error) {
	if k := reflect.TypeFor[K](); !canonical(k) {
		return nil, fmt.Errorf("shared: a %s cannot be a Dict key: keys must be made of bools, numbers, strings, arrays and structs", k)
	}
	p, err := m.add(&dictObj{m: map[string][]byte{}}, dictType[K, V]())
	if err != nil {
		return nil, err
	}
	return &Dict[K, V]{p: p}, nil
}

func dictType[K comparable, V any]() string {
	return fmt.Sprintf("Dict[%s, %s]", reflect.TypeFor[K](), reflect.TypeFor[V]())
}

// Get returns the value of k, and whether k was there.
func (d *Dict[K, V]) Get(k K) (V, bool, error) {
	var zero V
	kb, err := encodeValue(k)
	if err != nil {
		return zero, false, err
	}
	m, err := d.p.do(d.p.request(opDictGet).field(kb))
	if err != nil || status(m.head) == stFalse {
		return zero, false, err
	}
	v, err := decodeValue[V](m.field(0))
	return v, err == nil, err
}

// Set sets the value of k.
func (d *Dict[K, V]) Set(k K, v V) error {
	f, err := d.frame(opDictSet, k, v)
	if err != nil {
		return err
	}
	_, err = d.p.do(f)
	return err
}

func (d *Dict[K, V]) frame(o op, k K, vs ...V) (*frame, error) {
	kb, err := encodeValue(k)
	if err != nil {
		return nil, err
	}
	f := d.p.request(o).field(kb)
	for _, v := range vs {
		vb, err := encodeValue(v)
		if err != nil {
			return nil, err
		}
		f.field(vb)
	}
	return f, nil
}

// Delete removes k, if it is there.
func (d *Dict[K, V]) Delete(k K) error {
	f, err := d.frame(opDictDelete, k)
	if err != nil {
		return err
	}
	_, err = d.p.do(f)
	return err
}

// Len returns the number of entries.
func (d *Dict[K, V]) Len() (int, error) {
	m, err := d.p.do(d.p.request(opDictLen))
	if err != nil {
		return 0, err
	}
	return int(le64(m.field(0))), nil
}

// Snapshot returns a copy of the whole map, taken at one moment.
func (d *Dict[K, V]) Snapshot() (map[K]V, error) {
	m, err := d.p.do(d.p.request(opDictSnapshot))
	if err != nil {
		return nil, err
	}
	out := make(map[K]V, len(m.fields)/2)
	for i := 0; i+1 < len(m.fields); i += 2 {
		k, err := decodeValue[K](m.fields[i])
		if err != nil {
			return nil, err
		}
		if out[k], err = decodeValue[V](m.fields[i+1]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// errNotCanonical is CompareAndSwap's error for a V compared by bytes
// that may differ between equal values.
var errNotCanonical = errors.New("shared: CompareAndSwap needs a V made of bools, numbers, strings, arrays, slices and structs")

// CompareAndSwap sets k to new if its value is old, atomically in the
// Manager, and reports whether it did; a missing k is never swapped (use
// LoadOrStore). Values are compared by their encoding, so V must be made
// of bools, numbers, strings, arrays, slices and structs.
func (d *Dict[K, V]) CompareAndSwap(k K, old, new V) (bool, error) {
	if !canonical(reflect.TypeFor[V]()) {
		return false, errNotCanonical
	}
	f, err := d.frame(opDictCAS, k, old, new)
	if err != nil {
		return false, err
	}
	m, err := d.p.do(f)
	return err == nil && status(m.head) == stOK, err
}

// LoadOrStore returns the value of k if it is there (loaded is true), and
// otherwise sets it to v and returns v, atomically in the Manager, as
// sync.Map's LoadOrStore and Python's setdefault.
func (d *Dict[K, V]) LoadOrStore(k K, v V) (actual V, loaded bool, err error) {
	f, err := d.frame(opDictLoadOrStore, k, v)
	if err != nil {
		return v, false, err
	}
	m, err := d.p.do(f)
	if err != nil || status(m.head) == stFalse {
		return v, false, err
	}
	actual, err = decodeValue[V](m.field(0))
	return actual, err == nil, err
}

// Number is the constraint of AddKey: the integer and floating-point kinds.
type Number interface {
	Integer | ~float32 | ~float64
}

// AddKey adds delta to the value of k in d, atomically in the Manager (a
// missing k counts as zero), and returns the new value: Python's
// d[k] += delta under a lock, in one round trip. Integers wrap as their
// type does.
func AddKey[K comparable, V Number](d *Dict[K, V], k K, delta V) (V, error) {
	f, err := d.frame(opDictAdd, k, delta)
	if err != nil {
		return delta, err
	}
	t := reflect.TypeFor[V]()
	kind := byte('i')
	switch t.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		kind = 'u'
	case reflect.Float32, reflect.Float64:
		kind = 'f'
	}
	f.field([]byte{kind, byte(t.Bits())})
	m, err := d.p.do(f)
	if err != nil {
		var zero V
		return zero, err
	}
	return decodeValue[V](m.field(0))
}

// GobEncode encodes the proxy: where its Manager is and which object.
func (d *Dict[K, V]) GobEncode() ([]byte, error) { return d.p.encode() }

// GobDecode makes d a proxy on the Dict that GobEncode encoded; it
// connects on first use. It fails for a Dict of other types.
func (d *Dict[K, V]) GobDecode(b []byte) error { return d.p.decode(b, dictType[K, V]()) }
