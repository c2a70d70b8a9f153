package registry

import (
	"encoding/binary"
	"errors"
	"math"
)

// appendScalars writes vals without gob if T is int, int64, uint64,
// float64, string, bool or []byte: the values of most calls, for which
// gob's per-message type description and decoder would cost more than
// the whole round trip's bookkeeping. It returns false for other types.
func appendScalars[T any](b []byte, vals []T) ([]byte, bool) {
	switch vs := any(vals).(type) {
	case []int:
		for _, v := range vs {
			b = binary.AppendVarint(b, int64(v))
		}
	case []int64:
		for _, v := range vs {
			b = binary.AppendVarint(b, v)
		}
	case []uint64:
		for _, v := range vs {
			b = binary.AppendUvarint(b, v)
		}
	case []float64:
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	case []bool:
		for _, v := range vs {
			c := byte(0)
			if v {
				c = 1
			}
			b = append(b, c)
		}
	case []string:
		for _, v := range vs {
			b = appendString(b, v)
		}
	case [][]byte:
		for _, v := range vs {
			if v == nil {
				b = append(b, 0)
				continue
			}
			b = append(binary.AppendUvarint(b, uint64(len(v))+1), v...)
		}
	default:
		return b, false
	}
	return b, true
}

var errScalars = errors.New("registry: malformed values")

// readScalars reads n values written by appendScalars.
func readScalars[T any](b []byte, n int) ([]T, error) {
	vals := make([]T, n)
	r := &reader{b: b}
	switch vs := any(vals).(type) {
	case []int:
		for i := range vs {
			vs[i] = int(r.int())
		}
	case []int64:
		for i := range vs {
			vs[i] = r.int()
		}
	case []uint64:
		for i := range vs {
			vs[i] = r.uint()
		}
	case []float64:
		for i := range vs {
			if len(r.b) < 8 {
				return nil, errScalars
			}
			vs[i] = math.Float64frombits(binary.LittleEndian.Uint64(r.b))
			r.b = r.b[8:]
		}
	case []bool:
		for i := range vs {
			vs[i] = r.byte() == 1
		}
	case []string:
		for i := range vs {
			vs[i] = r.string()
		}
	case [][]byte:
		for i := range vs {
			l := r.uint()
			if l == 0 || r.err != nil {
				continue
			}
			if l-1 > uint64(len(r.b)) {
				return nil, errScalars
			}
			vs[i] = append([]byte{}, r.b[:l-1]...)
			r.b = r.b[l-1:]
		}
	default:
		return nil, errScalars
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, errScalars
	}
	return vals, nil
}

func (r *reader) int() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errScalars
		return 0
	}
	r.b = r.b[n:]
	return v
}
