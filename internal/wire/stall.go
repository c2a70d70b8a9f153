package wire

import (
	"errors"
	"io"
	"os"
	"time"
)

// deadliner is a reader with read deadlines: a pipe, a network
// connection.
type deadliner interface {
	io.Reader
	SetReadDeadline(t time.Time) error
}

// stallReader bounds the wait for the rest of a frame that has begun:
// while armed, every read must return within stall. Between frames it
// waits for ever, as a sender may take any time to start the next one.
type stallReader struct {
	r     io.Reader
	d     deadliner // r, if it has deadlines
	stall time.Duration
	armed bool
	set   bool // a deadline is set
}

func (s *stallReader) Read(b []byte) (int, error) {
	if s.armed && s.d != nil && s.stall > 0 {
		if s.d.SetReadDeadline(time.Now().Add(s.stall)) == nil {
			s.set = true
		}
	}
	n, err := s.r.Read(b)
	if s.armed && errors.Is(err, os.ErrDeadlineExceeded) {
		err = protocolErr("a frame stalled: no byte came for %v", s.stall)
	}
	return n, err
}

// arm starts bounding reads; disarm stops it.
func (s *stallReader) arm() { s.armed = true }

func (s *stallReader) disarm() {
	s.armed = false
	if s.set {
		s.set = false
		_ = s.d.SetReadDeadline(time.Time{})
	}
}

// SetStallTimeout makes Next fail with an error wrapping ErrProtocol if,
// once a frame has begun, no byte of it arrives for d: a sender that
// announced more than it sends (garbage, or a stray write to the pipe)
// must not keep the receiver waiting for ever. It works if the Decoder's
// reader has read deadlines (os.Pipe's files do); d <= 0 means no bound.
func (d *Decoder) SetStallTimeout(timeout time.Duration) {
	d.sr.stall = timeout
}
