package shared

import (
	"context"
	"fmt"
	"reflect"
)

// Queue is a FIFO queue held by a Manager, Python's Manager().Queue(): any
// number of processes Put and Get. Pass a *Queue in a task's argument as
// a *Dict. Its methods are safe for concurrent use; blocked ones return
// ctx's error when ctx ends (an item that arrived in the same instant is
// returned instead, never lost), and ErrClosed at once when the Manager is
// closed or gone. Waiters are served in the order they came.
type Queue[T any] struct{ p proxy }

// NewQueue makes an empty Queue held by m that holds at most size items;
// size < 1 means unbounded. ErrClosed after m.Close.
func NewQueue[T any](m *Manager, size int) (*Queue[T], error) {
	p, err := m.add(&queueObj{size: size}, queueType[T]())
	if err != nil {
		return nil, err
	}
	return &Queue[T]{p: p}, nil
}

func queueType[T any]() string { return fmt.Sprintf("Queue[%s]", reflect.TypeFor[T]()) }

// Put adds v at the end, blocking while the queue is full.
func (q *Queue[T]) Put(ctx context.Context, v T) error {
	b, err := encodeValue(v)
	if err != nil {
		return err
	}
	_, err = q.p.doContext(ctx, q.p.request(opQueuePut).field(b))
	return err
}

// Get removes and returns the first item, blocking while the queue is
// empty.
func (q *Queue[T]) Get(ctx context.Context) (T, error) {
	m, err := q.p.doContext(ctx, q.p.request(opQueueGet))
	if err != nil {
		var zero T
		return zero, err
	}
	return decodeValue[T](m.field(0))
}

// Len returns the number of items in the queue (Python's qsize).
func (q *Queue[T]) Len() (int, error) {
	m, err := q.p.do(q.p.request(opQueueLen))
	if err != nil {
		return 0, err
	}
	return int(le64(m.field(0))), nil
}

// GobEncode encodes the proxy, as Dict.GobEncode.
func (q *Queue[T]) GobEncode() ([]byte, error) { return q.p.encode() }

// GobDecode makes q a proxy on the Queue that GobEncode encoded.
func (q *Queue[T]) GobDecode(b []byte) error { return q.p.decode(b, queueType[T]()) }
