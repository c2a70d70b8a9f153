package shared

import (
	"errors"
	"sync/atomic"
)

// handle is what a Value, Array or Mutex holds: a reference to a mapped
// segment, and whether this handle was closed.
type handle struct {
	s      *segment
	closed atomic.Bool
}

// seg returns the segment, and panics if the handle was closed (its
// memory may be unmapped).
func (h *handle) seg(what string) *segment {
	if h.s == nil || h.closed.Load() {
		panic("shared: use of a closed or zero " + what)
	}
	return h.s
}

func (h *handle) close() error {
	if h.s == nil || h.closed.Swap(true) {
		return ErrClosed
	}
	return segments.release(h.s)
}

func (h *handle) encode() ([]byte, error) {
	if h.s == nil || h.closed.Load() {
		return nil, ErrClosed
	}
	return h.s.encode(), nil
}

func (h *handle) decode(b []byte, kind uint64) error {
	if h.s != nil {
		return errors.New("shared: GobDecode into a handle in use: decode into a new one")
	}
	s, err := openSegment(b, kind)
	if err != nil {
		return err
	}
	h.s = s
	return nil
}
