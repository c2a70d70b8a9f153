package shared

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The Manager's protocol: frames of a 4-byte little-endian length and a
// body. A request body is an op, an object id and byte-string fields; a
// reply body is a status and byte-string fields. A connection carries one
// request at a time; a blocking Queue request may be followed by opCancel,
// and still gets exactly one reply.

type op byte

const (
	opCancel op = iota + 1
	opDictGet
	opDictSet
	opDictDelete
	opDictLen
	opDictSnapshot
	opDictCAS
	opDictLoadOrStore
	opDictAdd
	opListAppend
	opListGet
	opListSet
	opListLen
	opListSnapshot
	opQueuePut
	opQueueGet
	opQueueLen
)

type status byte

const (
	stOK        status = iota
	stFalse            // not found, not swapped, not loaded
	stClosed           // the Manager is closed
	stErr              // fields[0] is the message
	stCancelled        // a blocking request was cancelled
	stRange            // an index out of range; fields[0] is the message
)

const maxFrame = 1 << 30

// frame builds a frame body.
type frame struct{ b []byte }

func newFrame(head byte, obj uint32) *frame {
	f := &frame{b: make([]byte, 4, 64)}
	f.b = append(f.b, head)
	f.b = binary.LittleEndian.AppendUint32(f.b, obj)
	return f
}

func (f *frame) field(b []byte) *frame {
	f.b = binary.LittleEndian.AppendUint32(f.b, uint32(len(b)))
	f.b = append(f.b, b...)
	return f
}

// bytes returns the whole frame, its length filled in.
func (f *frame) bytes() []byte {
	binary.LittleEndian.PutUint32(f.b, uint32(len(f.b)-4))
	return f.b
}

// message is a frame read back: its head byte, object id and fields.
type message struct {
	head   byte
	obj    uint32
	fields [][]byte
}

var errFrame = errors.New("shared: malformed manager message")

func readMessage(r *bufio.Reader) (message, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return message{}, err
	}
	size := binary.LittleEndian.Uint32(n[:])
	if size < 5 || size > maxFrame {
		return message{}, fmt.Errorf("%w: a frame of %d bytes", errFrame, size)
	}
	b, err := readBody(r, int64(size))
	if err != nil {
		return message{}, err
	}
	m := message{head: b[0], obj: binary.LittleEndian.Uint32(b[1:5])}
	for b = b[5:]; len(b) > 0; {
		if len(b) < 4 {
			return message{}, errFrame
		}
		l := binary.LittleEndian.Uint32(b)
		if uint64(l) > uint64(len(b)-4) {
			return message{}, errFrame
		}
		m.fields = append(m.fields, b[4:4+l])
		b = b[4+l:]
	}
	return m, nil
}

// field returns field i, or nil.
func (m message) field(i int) []byte {
	if i < len(m.fields) {
		return m.fields[i]
	}
	return nil
}

// readBody reads a frame's body of size bytes. A large body's buffer grows
// as its bytes arrive, so that a bad length costs no more memory than the
// bytes really sent.
func readBody(r io.Reader, size int64) ([]byte, error) {
	if size <= 1<<20 {
		b := make([]byte, size)
		_, err := io.ReadFull(r, b)
		return b, eofIsUnexpected(err)
	}
	var buf bytes.Buffer
	n, err := io.CopyN(&buf, r, size)
	if n < size {
		return nil, eofIsUnexpected(err)
	}
	return buf.Bytes(), nil
}

func eofIsUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
