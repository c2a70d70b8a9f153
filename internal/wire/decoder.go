package wire

import (
	"bufio"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
)

const (
	readStep   = 1 << 20 // a frame's buffer starts at most this large
	trustFrame = 1 << 30 // once readStep bytes came, a frame up to this size is read in one go
)

// Decoder reads the frames of one direction of a connection. Call Next,
// then Head and Value in the order the sender encoded them, then End. A
// Decoder is not safe for concurrent use.
type Decoder struct {
	sr   stallReader
	r    *bufio.Reader
	buf  []byte
	kind Kind
	head []byte
	vals feeder
	vd   *gob.Decoder
	lb   [4]byte // a frame's length, read by Next
	rd   reader  // the header's reader, for Head
}

// NewDecoder returns a Decoder reading from r.
func NewDecoder(r io.Reader) *Decoder {
	d := &Decoder{}
	d.sr.r = r
	d.sr.d, _ = r.(deadliner)
	d.r = bufio.NewReaderSize(&d.sr, 64<<10)
	d.vd = gob.NewDecoder(&d.vals)
	return d
}

// Next reads the next frame and returns its kind. It returns io.EOF when
// the connection ends between frames, and an error wrapping ErrProtocol
// (or io.ErrUnexpectedEOF) for a malformed or cut frame.
func (d *Decoder) Next() (Kind, error) {
	// Wait for ever for a frame to begin; then bound the wait for the
	// rest (SetStallTimeout).
	if _, err := d.r.Peek(1); err != nil {
		return 0, err
	}
	d.sr.arm()
	defer d.sr.disarm()
	if _, err := io.ReadFull(d.r, d.lb[:]); err != nil {
		return 0, unexpected(err)
	}
	n := binary.BigEndian.Uint32(d.lb[:])
	if n < prefixLen-4 {
		return 0, protocolErr("frame of %d bytes", n)
	}
	// Check the kind and flags before waiting for the rest: garbage is
	// rejected at once, not after the gigabytes its length announces.
	pre, err := d.r.Peek(prefixLen - 4)
	if err != nil {
		return 0, unexpected(err)
	}
	h, err := parsePrefix(n, pre)
	if err != nil {
		return 0, err
	}
	if err := d.readBody(int(n)); err != nil {
		return 0, err
	}
	d.kind = h.kind
	d.head = d.buf[6 : 6+h.head]
	d.vals.b = d.buf[6+h.head:]
	if h.flags&FlagFresh != 0 {
		d.vd = gob.NewDecoder(&d.vals)
	}
	return h.kind, nil
}

// readBody reads n bytes into d.buf, growing it only as bytes arrive.
func (d *Decoder) readBody(n int) error {
	if cap(d.buf) > keepBuffer {
		d.buf = nil
	}
	d.buf = d.buf[:0]
	for len(d.buf) < n {
		have := len(d.buf)
		step := min(n-have, readStep)
		if have >= readStep && n <= trustFrame {
			step = n - have // the frame is real: read the rest in one go
		} else if have >= readStep {
			step = min(n-have, have)
		}
		if cap(d.buf) < have+step {
			nb := make([]byte, have, have+step)
			copy(nb, d.buf)
			d.buf = nb
		}
		d.buf = d.buf[:have+step]
		if err := readPrefaulted(d.r, d.buf[have:]); err != nil {
			return unexpected(err)
		}
	}
	return nil
}

func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// Head decodes the frame's header into h, which must be of the frame's
// kind. Any error is a protocol error.
func (d *Decoder) Head(h Header) error {
	if h.kind() != d.kind {
		return protocolErr("a frame of kind %d where %d was expected", d.kind, h.kind())
	}
	d.rd = reader{b: d.head}
	h.readFrom(&d.rd)
	d.head = nil
	err := d.rd.end()
	d.rd = reader{}
	return err
}

// Value decodes the next value of the frame into v, a pointer.
func (d *Decoder) Value(v any) error {
	return decode(d.vd, v)
}

// End checks that the frame was read to its end.
func (d *Decoder) End() error {
	if len(d.head) != 0 || len(d.vals.b) != 0 {
		return protocolErr("%d bytes left over in a frame", len(d.head)+len(d.vals.b))
	}
	return nil
}

// decode runs g.Decode, turning a panic (a panicking GobDecode method) into
// an error.
func decode(g *gob.Decoder, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gob: %v", r)
		}
	}()
	return g.Decode(v)
}

// feeder serves one section of the current frame to a gob decoder. It is
// an io.ByteReader, so the decoder reads exactly what it needs and never
// buffers ahead.
type feeder struct{ b []byte }

func (f *feeder) Read(p []byte) (int, error) {
	if len(f.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, f.b)
	f.b = f.b[n:]
	return n, nil
}

func (f *feeder) ReadByte() (byte, error) {
	if len(f.b) == 0 {
		return 0, io.EOF
	}
	c := f.b[0]
	f.b = f.b[1:]
	return c, nil
}
