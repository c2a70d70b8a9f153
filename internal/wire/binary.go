package wire

import (
	"encoding/binary"
	"math"
)

// Headers are written in a small binary format of their own, not gob: they
// are this package's types, and decoding them by hand costs a fraction of
// what gob's reflection does, once per message.

func putUint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }
func putInt(b []byte, v int64) []byte   { return binary.AppendVarint(b, v) }

func putBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func putString(b []byte, s string) []byte {
	return append(putUint(b, uint64(len(s))), s...)
}

// putInts writes a list that may be nil: its length plus one, 0 for nil.
func putInts(b []byte, v []int) []byte {
	if v == nil {
		return append(b, 0)
	}
	b = putUint(b, uint64(len(v))+1)
	for _, x := range v {
		b = putInt(b, int64(x))
	}
	return b
}

func putStrings(b []byte, v []string) []byte {
	b = putUint(b, uint64(len(v)))
	for _, s := range v {
		b = putString(b, s)
	}
	return b
}

// reader reads a header. The first error sticks; later reads return zero
// values, so a parser checks r.err once at the end.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = protocolErr("bad header: %s", what)
	}
}

func (r *reader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("truncated number")
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int64() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("truncated number")
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// int reads a number that must fit an int and be >= 0.
func (r *reader) int() int {
	v := r.int64()
	if v < 0 || v > math.MaxInt32 {
		r.fail("number out of range")
		return 0
	}
	return int(v)
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail("truncated")
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *reader) bool() bool {
	if len(r.b) == 0 {
		r.fail("truncated")
		return false
	}
	v := r.b[0]
	r.b = r.b[1:]
	if v > 1 {
		r.fail("bad bool")
	}
	return v == 1
}

// count reads a length that cannot exceed the bytes left, each item taking
// at least one byte: a garbage length cannot make the reader allocate.
func (r *reader) count() int {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail("length beyond the header")
		r.b = nil
		return 0
	}
	return int(n)
}

func (r *reader) string() string {
	n := r.count()
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) ints() []int {
	n := r.uint()
	if n == 0 {
		return nil
	}
	if n-1 > uint64(len(r.b)) {
		r.fail("length beyond the header")
		r.b = nil
		return nil
	}
	v := make([]int, n-1)
	for i := range v {
		v[i] = r.int()
	}
	return v
}

func (r *reader) strings() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	v := make([]string, n)
	for i := range v {
		v[i] = r.string()
	}
	return v
}

// end checks that the header was read to its end.
func (r *reader) end() error {
	if r.err == nil && len(r.b) != 0 {
		r.fail("bytes left over")
	}
	return r.err
}
