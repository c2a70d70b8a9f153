package registry

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"

	"github.com/gocurrent/futures/internal/wire"
)

var (
	// ErrSkipped marks a call of a chunk skipped because its context ended.
	ErrSkipped = errors.New("processpool: skipped: the context ended")
	// ErrGoexit fails a call whose function called runtime.Goexit.
	ErrGoexit = errors.New("executor: task called runtime.Goexit instead of returning")
)

// sink is a wire.Sink on a gob stream of its own, started over after an
// error so that one bad value does not spoil the others.
type sink struct {
	buf bytes.Buffer
	g   *gob.Encoder
}

func newSink() *sink {
	s := &sink{}
	s.g = gob.NewEncoder(&s.buf)
	return s
}

func (s *sink) Value(v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gob: %v", r)
		}
		if err != nil {
			s.buf.Reset()
			s.g = gob.NewEncoder(&s.buf)
		}
	}()
	return s.g.Encode(v)
}

// message returns the head h followed by the values written so far: the
// head's length as a uvarint, the head, the values.
func (s *sink) message(h *head) ([]byte, error) {
	return frame(h, s.buf.Bytes()), nil
}

// frame joins a head and its values into a message.
func frame(h *head, values []byte) []byte {
	hb := h.appendTo(make([]byte, 0, 64))
	b := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+len(hb)+len(values)), uint64(len(hb)))
	b = append(b, hb...)
	return append(b, values...)
}

// encodeValues returns the message of h and vals, and the error of each
// value that could not be encoded (left out as its zero value).
func encodeValues[T any](h *head, vals []T) ([]byte, map[int]error) {
	if b, ok := appendScalars(nil, vals); ok {
		h.Scalar = true
		return frame(h, b), nil
	}
	s := newSink()
	l, bad := wire.EncodeValues(s, vals)
	h.Values = l
	b, _ := s.message(h)
	return b, bad
}

// decodeMessage reads a message of frame with values of type T.
func decodeMessage[T any](msg []byte) (*head, []T, error) {
	n, k := binary.Uvarint(msg)
	if k <= 0 || n > uint64(len(msg)-k) {
		return nil, nil, errors.New("registry: malformed message")
	}
	h, err := readHead(msg[k : k+int(n)])
	if err != nil {
		return nil, nil, err
	}
	if h.Whole {
		if len(h.Errs) == 0 {
			return nil, nil, errors.New("registry: malformed message: no error")
		}
		return h, nil, nil
	}
	values := msg[k+int(n):]
	if h.N > len(values)*8+1 {
		return nil, nil, fmt.Errorf("registry: malformed message: %d values", h.N)
	}
	if h.Scalar {
		vals, err := readScalars[T](values, h.N)
		return h, vals, err
	}
	vals, err := decodeValues[T](gob.NewDecoder(bytes.NewReader(values)), h.N, h.Values)
	return h, vals, err
}

// decodeValues reads n values written by wire.EncodeValues.
func decodeValues[T any](g *gob.Decoder, n int, l wire.Layout) (vals []T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gob: %v", r)
		}
	}()
	if l.Bulk {
		if err := g.Decode(&vals); err != nil {
			return nil, err
		}
		if len(vals) != n {
			return nil, fmt.Errorf("registry: %d values where %d were expected", len(vals), n)
		}
		return vals, nil
	}
	vals = make([]T, n)
	next := 0
	for i := range vals {
		if next < len(l.Absent) && l.Absent[next] == i {
			next++
			continue
		}
		if err := g.Decode(&vals[i]); err != nil {
			return nil, err
		}
	}
	return vals, nil
}
