package shared

import (
	"fmt"
	"reflect"
)

// List is a slice held by a Manager, Python's Manager().list(). Pass a
// *List in a task's argument as a *Dict; its methods are safe for
// concurrent use, one round trip each, and return ErrClosed once the
// Manager is closed or gone. Append from many processes loses nothing.
type List[T any] struct{ p proxy }

// NewList makes an empty List held by m; ErrClosed after m.Close.
func NewList[T any](m *Manager) (*List[T], error) {
	p, err := m.add(&listObj{}, listType[T]())
	if err != nil {
		return nil, err
	}
	return &List[T]{p: p}, nil
}

func listType[T any]() string { return fmt.Sprintf("List[%s]", reflect.TypeFor[T]()) }

// Append adds v at the end.
func (l *List[T]) Append(v T) error {
	b, err := encodeValue(v)
	if err != nil {
		return err
	}
	_, err = l.p.do(l.p.request(opListAppend).field(b))
	return err
}

// Get returns element i; ErrOutOfRange if there is none.
func (l *List[T]) Get(i int) (T, error) {
	m, err := l.p.do(l.p.request(opListGet).field(u64(uint64(i))))
	if err != nil {
		var zero T
		return zero, err
	}
	return decodeValue[T](m.field(0))
}

// Set sets element i; ErrOutOfRange if there is none.
func (l *List[T]) Set(i int, v T) error {
	b, err := encodeValue(v)
	if err != nil {
		return err
	}
	_, err = l.p.do(l.p.request(opListSet).field(u64(uint64(i))).field(b))
	return err
}

// Len returns the number of elements.
func (l *List[T]) Len() (int, error) {
	m, err := l.p.do(l.p.request(opListLen))
	if err != nil {
		return 0, err
	}
	return int(le64(m.field(0))), nil
}

// Snapshot returns a copy of the whole list, taken at one moment.
func (l *List[T]) Snapshot() ([]T, error) {
	m, err := l.p.do(l.p.request(opListSnapshot))
	if err != nil {
		return nil, err
	}
	out := make([]T, len(m.fields))
	for i, b := range m.fields {
		if out[i], err = decodeValue[T](b); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// GobEncode encodes the proxy, as Dict.GobEncode.
func (l *List[T]) GobEncode() ([]byte, error) { return l.p.encode() }

// GobDecode makes l a proxy on the List that GobEncode encoded.
func (l *List[T]) GobDecode(b []byte) error { return l.p.decode(b, listType[T]()) }
