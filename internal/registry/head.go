package registry

import (
	"encoding/binary"
	"errors"

	"github.com/gocurrent/futures/internal/wire"
)

// head is the first section of a message: how many values follow and how
// they are laid out, and the failed items. Whole says that Errs[0] is the
// outcome of every call (the message could not be decoded); Scalar that
// the values are written by appendScalars instead of gob.
type head struct {
	N      int
	PID    int
	Whole  bool
	Scalar bool
	Values wire.Layout
	Errs   []wire.Error
}

const (
	flagWhole = 1 << iota
	flagBulk
	flagScalar
)

var errHead = errors.New("registry: malformed message head")

// appendTo writes h in a small binary format: gob would compile a decoder
// for it in every message.
func (h *head) appendTo(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(h.N))
	b = binary.AppendVarint(b, int64(h.PID))
	var flags byte
	if h.Whole {
		flags |= flagWhole
	}
	if h.Values.Bulk {
		flags |= flagBulk
	}
	if h.Scalar {
		flags |= flagScalar
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(len(h.Values.Absent)))
	for _, i := range h.Values.Absent {
		b = binary.AppendUvarint(b, uint64(i))
	}
	b = binary.AppendUvarint(b, uint64(len(h.Errs)))
	for _, e := range h.Errs {
		b = binary.AppendUvarint(b, uint64(e.Item))
		b = append(b, byte(e.Kind))
		b = appendString(b, e.Type)
		b = appendString(b, e.Msg)
		b = appendString(b, e.Stack)
		b = binary.AppendUvarint(b, uint64(len(e.Known)))
		for _, k := range e.Known {
			b = appendString(b, k)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// reader reads what appendTo wrote; its first error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errHead
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length that cannot exceed the bytes left.
func (r *reader) count() int {
	v := r.uint()
	if v > uint64(len(r.b)) {
		r.err = errHead
		return 0
	}
	return int(v)
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = errHead
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.count()
	if r.err != nil {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func readHead(b []byte) (*head, error) {
	r := &reader{b: b}
	h := &head{N: int(r.uint())}
	pid, n := binary.Varint(r.b)
	if n <= 0 {
		return nil, errHead
	}
	r.b = r.b[n:]
	h.PID = int(pid)
	flags := r.byte()
	h.Whole, h.Values.Bulk, h.Scalar = flags&flagWhole != 0, flags&flagBulk != 0, flags&flagScalar != 0
	if k := r.count(); k > 0 {
		h.Values.Absent = make([]int, k)
		for i := range h.Values.Absent {
			h.Values.Absent[i] = int(r.uint())
		}
	}
	if k := r.count(); k > 0 {
		h.Errs = make([]wire.Error, k)
		for i := range h.Errs {
			e := &h.Errs[i]
			e.Item, e.Kind = int(r.uint()), wire.ErrKind(r.byte())
			e.Type, e.Msg, e.Stack = r.string(), r.string(), r.string()
			if m := r.count(); m > 0 {
				e.Known = make([]string, m)
				for j := range e.Known {
					e.Known[j] = r.string()
				}
			}
		}
	}
	if r.err != nil || len(r.b) != 0 || h.N > 1<<30 {
		return nil, errHead
	}
	return h, nil
}
