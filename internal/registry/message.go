package registry

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/wire"
)

var (
	// errSkipped marks a call of a chunk skipped because its context ended.
	errSkipped = errors.New("registry: skipped: the context ended")
	// errGoexit fails a call whose function called runtime.Goexit.
	errGoexit = errors.New("executor: task called runtime.Goexit instead of returning")
)

// head is the first section of a message: how many values follow and how
// they are laid out, and the failed items. Whole says that Errs[0] is the
// outcome of every call (the message could not be decoded).
type head struct {
	N      int
	PID    int
	Whole  bool
	Values wire.Layout
	Errs   []wire.Error
}

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
	var hb bytes.Buffer
	if err := gob.NewEncoder(&hb).Encode(h); err != nil {
		return nil, err
	}
	b := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+hb.Len()+s.buf.Len()), uint64(hb.Len()))
	b = append(b, hb.Bytes()...)
	return append(b, s.buf.Bytes()...), nil
}

// decodeMessage reads a message of sink.message with values of type T.
func decodeMessage[T any](msg []byte) (*head, []T, error) {
	n, k := binary.Uvarint(msg)
	if k <= 0 || n > uint64(len(msg)-k) {
		return nil, nil, errors.New("registry: malformed message")
	}
	h := &head{}
	if err := gob.NewDecoder(bytes.NewReader(msg[k : k+int(n)])).Decode(h); err != nil {
		return nil, nil, fmt.Errorf("registry: malformed message head: %w", err)
	}
	if h.Whole {
		if len(h.Errs) == 0 {
			return nil, nil, errors.New("registry: malformed message: no error")
		}
		return h, nil, nil
	}
	if h.N < 0 || h.N > len(msg)*8+1 {
		return nil, nil, fmt.Errorf("registry: malformed message: %d values", h.N)
	}
	vals, err := decodeValues[T](gob.NewDecoder(bytes.NewReader(msg[k+int(n):])), h.N, h.Values)
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

// invoke calls fn on a goroutine of its own, so that a runtime.Goexit in
// fn ends that goroutine only and fails the call with errGoexit.
func invoke[A, R any](ctx context.Context, fn func(context.Context, A) (R, error), arg A) (r R, err error) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		returned := false
		defer func() {
			if !returned {
				r, err = *new(R), errGoexit
			}
		}()
		r, err = executor.Invoke(ctx, fn, arg)
		returned = true
	}()
	<-done
	return r, err
}
