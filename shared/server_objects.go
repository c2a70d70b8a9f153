package shared

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
)

// dictObj is a Dict held by the server: encoded keys to encoded values.
type dictObj struct{ m map[string][]byte }

func (d *dictObj) handle(m message) []byte {
	k := string(m.field(0))
	switch op(m.head) {
	case opDictGet:
		if v, ok := d.m[k]; ok {
			return okReply(v)
		}
		return status1(stFalse)
	case opDictSet:
		d.m[k] = m.field(1)
	case opDictDelete:
		delete(d.m, k)
	case opDictLen:
		return okReply(u64(uint64(len(d.m))))
	case opDictSnapshot:
		f := newFrame(byte(stOK), 0)
		for k, v := range d.m {
			f.field([]byte(k)).field(v)
		}
		return f.bytes()
	case opDictCAS:
		return d.cas(k, m)
	case opDictLoadOrStore:
		if v, ok := d.m[k]; ok {
			return okReply(v)
		}
		d.m[k] = m.field(1)
		return status1(stFalse)
	case opDictAdd:
		return d.add(k, m.field(1), m.field(2))
	default:
		return errReply("shared: not a Dict operation")
	}
	return status1(stOK)
}

// cas swaps in field 2 if the entry is field 1 (or absent, if field 3 is
// set).
func (d *dictObj) cas(k string, m message) []byte {
	v, ok := d.m[k]
	absent := len(m.field(3)) > 0
	if (absent && ok) || (!absent && (!ok || !bytes.Equal(v, m.field(1)))) {
		return status1(stFalse)
	}
	d.m[k] = m.field(2)
	return status1(stOK)
}

// add adds delta to a number stored in its canonical encoding (8 bytes);
// kind is the number's kind ('i', 'u' or 'f') and bit size.
func (d *dictObj) add(k string, delta, kind []byte) []byte {
	v, ok := d.m[k]
	if !ok {
		v = make([]byte, 8)
	}
	if len(v) != 8 || len(delta) != 8 || len(kind) != 2 {
		return errReply("shared: Add on an entry that is not a number of the Dict's type")
	}
	a, b := binary.LittleEndian.Uint64(v), binary.LittleEndian.Uint64(delta)
	bits := uint(kind[1])
	var r uint64
	switch kind[0] {
	case 'i':
		r = uint64(int64((a+b)<<(64-bits)) >> (64 - bits)) // wraps as an int of that size
	case 'u':
		r = (a + b) << (64 - bits) >> (64 - bits)
	case 'f':
		f := math.Float64frombits(a) + math.Float64frombits(b)
		if bits == 32 {
			f = float64(float32(f))
		}
		r = math.Float64bits(f)
	default:
		return errReply(fmt.Sprintf("shared: Add of kind %q", kind[0]))
	}
	out := u64(r)
	d.m[k] = out
	return okReply(out)
}

// listObj is a List held by the server.
type listObj struct{ xs [][]byte }

func (l *listObj) handle(m message) []byte {
	switch op(m.head) {
	case opListAppend:
		l.xs = append(l.xs, m.field(0))
	case opListGet, opListSet:
		i := index(m.field(0))
		if i < 0 || i >= int64(len(l.xs)) {
			return newFrame(byte(stRange), 0).field([]byte(fmt.Sprintf("index %d out of range [0:%d]", i, len(l.xs)))).bytes()
		}
		if op(m.head) == opListGet {
			return okReply(l.xs[i])
		}
		l.xs[i] = m.field(1)
	case opListLen:
		return okReply(u64(uint64(len(l.xs))))
	case opListSnapshot:
		f := newFrame(byte(stOK), 0)
		for _, x := range l.xs {
			f.field(x)
		}
		return f.bytes()
	default:
		return errReply("shared: not a List operation")
	}
	return status1(stOK)
}

func u64(x uint64) []byte { return binary.LittleEndian.AppendUint64(nil, x) }

// index decodes a List index; -1 if malformed.
func index(b []byte) int64 {
	if len(b) != 8 {
		return -1
	}
	return int64(binary.LittleEndian.Uint64(b))
}
