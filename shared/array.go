package shared

import (
	"fmt"
	"reflect"
	"unsafe"
)

// Array is a fixed number of values of type T in memory shared by the
// processes that hold it, as Python's multiprocessing.Array: a Store in
// one process is seen by a Load in any other. T must hold no pointer, as
// for a Value. Pass a *Array in a task's argument as a *Value. Its methods
// are safe for concurrent use by the goroutines of every process that
// holds it; each takes the array's lock (about 30 ns uncontended).
//
// The array is kept twice: Update works on a copy that replaces the
// array only once fn returns, so a process killed (or a fn that panics)
// in the middle of an Update leaves the array as it was.
type Array[T any] struct {
	h handle
	n int
}

const arrayWhat = "Array"

// NewArray returns an Array holding a copy of xs, Python's Array('i',
// range(10)). It returns a *TypeError if T holds a pointer, and an error
// if the system cannot make shared memory. It takes twice the size of xs,
// rounded up to pages. Close it when done.
func NewArray[T any](xs []T) (*Array[T], error) {
	t := reflect.TypeFor[T]()
	if err := checkType(t); err != nil {
		return nil, err
	}
	s, err := newSegment(fingerprint(t, arrayWhat), len(xs), 2*slotBytes[T](len(xs)))
	if err != nil {
		return nil, err
	}
	a := &Array[T]{h: handle{s: s}, n: len(xs)}
	copy(a.slot(s, 0), xs)
	return a, nil
}

func slotBytes[T any](n int) int {
	var zero T
	return (n*int(unsafe.Sizeof(zero)) + 7) &^ 7
}

func (a *Array[T]) slot(s *segment, i uint32) []T {
	if a.n == 0 {
		return nil
	}
	return unsafe.Slice((*T)(s.at(int(i)*slotBytes[T](a.n))), a.n)
}

// Len returns the number of elements; it never changes.
func (a *Array[T]) Len() int { return a.n }

func (a *Array[T]) checkIndex(i int) {
	if i < 0 || i >= a.n {
		panic(fmt.Sprintf("shared: Array index %d out of range [0:%d]", i, a.n))
	}
}

// Load returns element i. It panics if i is out of range.
func (a *Array[T]) Load(i int) T {
	s := a.h.seg(arrayWhat)
	a.checkIndex(i)
	h := s.header()
	h.lock.lock()
	x := a.slot(s, h.cur.Load())[i]
	h.lock.unlock(arrayWhat)
	return x
}

// Store sets element i to x. It panics if i is out of range.
func (a *Array[T]) Store(i int, x T) {
	s := a.h.seg(arrayWhat)
	a.checkIndex(i)
	h := s.header()
	h.lock.lock()
	a.slot(s, h.cur.Load())[i] = x
	h.lock.unlock(arrayWhat)
}

// Update calls fn with the whole array under the array's lock, Python's
// `with arr.get_lock(): ...`; what fn changes in xs is the array once fn
// returns. fn must not keep xs: it is shared memory that the next Update
// reuses. It costs a copy of the array on top of fn.
func (a *Array[T]) Update(fn func(xs []T)) {
	s := a.h.seg(arrayWhat)
	h := s.header()
	h.lock.lock()
	defer h.lock.unlock(arrayWhat)
	cur := h.cur.Load()
	next := a.slot(s, 1-cur)
	copy(next, a.slot(s, cur))
	fn(next)
	h.cur.Store(1 - cur)
}

// Snapshot returns a copy of the array taken under its lock, Python's
// arr[:].
func (a *Array[T]) Snapshot() []T {
	s := a.h.seg(arrayWhat)
	h := s.header()
	h.lock.lock()
	xs := append([]T(nil), a.slot(s, h.cur.Load())...)
	h.lock.unlock(arrayWhat)
	return xs
}

// Close releases this process's handle, as Value.Close.
func (a *Array[T]) Close() error { return a.h.close() }

// GobEncode encodes a handle on the Array, as Value.GobEncode.
func (a *Array[T]) GobEncode() ([]byte, error) { return a.h.encode() }

// GobDecode maps the memory of a handle that GobEncode made, as
// Value.GobDecode.
func (a *Array[T]) GobDecode(b []byte) error {
	if err := a.h.decode(b, fingerprint(reflect.TypeFor[T](), arrayWhat)); err != nil {
		return err
	}
	a.n = int(a.h.s.header().n)
	return nil
}
