package wire

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"reflect"
)

const (
	inlineValues = 64 << 10 // values up to this size are copied into one write
	keepBuffer   = 4 << 20  // buffers above this size are dropped after a frame
)

// Encoder builds the frames of one direction of a connection. Begin a
// frame, encode its values (Value, EncodeValue, EncodeValues), since its
// header says how they are laid out, then set its header (Head) and send
// it (WriteTo). An Encoder is not safe for concurrent use.
type Encoder struct {
	frame []byte // frame prefix, then the header
	vals  bytes.Buffer
	tail  []byte // sent after vals, from where it lies (Tail)
	vg    *gob.Encoder
	kind  Kind
	flags byte // FlagFresh if the values stream restarted since the last frame
	dirty bool // values were encoded since the last frame was written
}

// NewEncoder returns an Encoder for a new connection.
func NewEncoder() *Encoder {
	e := &Encoder{}
	e.vg = gob.NewEncoder(&e.vals)
	return e
}

// Begin starts a frame, discarding anything not yet written. If values
// were encoded for a frame that was never written, the values stream
// restarts: the gob encoder remembers the types it described in them, and
// would leave their descriptions out of the next frame, which the receiver
// then could not decode.
func (e *Encoder) Begin() {
	if e.dirty {
		e.restart()
	}
	e.vals.Reset()
	e.tail = nil
	e.kind = 0
}

// Head sets the frame's header, which also sets its kind.
func (e *Encoder) Head(h Header) {
	e.kind = h.kind()
	e.frame = h.appendTo(append(e.frame[:0], make([]byte, prefixLen)...))
}

// Value appends v to the frame's values section. If v cannot be encoded,
// the values section is emptied and a new values stream started (the
// next frame carries FlagFresh): encode the frame's values again.
func (e *Encoder) Value(v any) error {
	if err := encode(e.vg, v); err != nil {
		e.restart()
		return err
	}
	e.dirty = true
	return nil
}

func (e *Encoder) restart() {
	e.vals.Reset()
	e.vg = gob.NewEncoder(&e.vals)
	e.flags |= FlagFresh
	e.dirty = false
}

// WriteTo writes the frame to w. A frame larger than MaxFrame is not
// written: WriteTo returns ErrTooLarge. After a large frame the buffers
// are released.
func (e *Encoder) WriteTo(w io.Writer) (int64, error) {
	if e.kind == 0 {
		return 0, fmt.Errorf("wire: a frame without a header")
	}
	size := uint64(len(e.frame)-4) + uint64(e.vals.Len()) + uint64(len(e.tail))
	if size > MaxFrame {
		e.restart()
		e.tail = nil
		return 0, ErrTooLarge
	}
	putPrefix(e.frame, header{n: uint32(size), kind: e.kind, flags: e.flags, head: uint32(len(e.frame) - prefixLen)})
	e.flags, e.dirty = 0, false
	n, err := e.write(w)
	if err == nil && len(e.tail) > 0 {
		var m int
		m, err = w.Write(e.tail)
		n += int64(m)
	}
	e.tail = nil
	if e.vals.Cap() > keepBuffer {
		e.vals = bytes.Buffer{}
		e.restart() // also drops the gob encoder's own large buffer
	}
	return n, err
}

func (e *Encoder) write(w io.Writer) (int64, error) {
	if e.vals.Len() <= inlineValues {
		e.frame = append(e.frame, e.vals.Bytes()...)
		n, err := w.Write(e.frame)
		return int64(n), err
	}
	n, err := w.Write(e.frame)
	if err != nil {
		return int64(n), err
	}
	m, err := w.Write(e.vals.Bytes())
	return int64(n + m), err
}

// encode runs g.Encode, turning a panic (a nil pointer, a panicking
// GobEncode method) into an error.
func encode(g *gob.Encoder, v any) (err error) {
	if err := Check(v); err != nil {
		return err // gob would drop data, or recurse until the process dies
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gob: %v", r)
		}
	}()
	// encoding/gob panics on a pointer to a pointer to a type with its
	// own GobEncode method; the pointer itself encodes to the same bytes.
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() &&
		rv.Elem().Kind() == reflect.Pointer && !rv.Elem().IsNil() {
		v = rv.Elem().Interface()
	}
	return g.Encode(v)
}
