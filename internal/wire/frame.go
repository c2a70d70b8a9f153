package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// FlagFresh marks a frame whose values section starts a new gob stream.
const FlagFresh = 1

const (
	prefixLen = 10 // length, kind, flags, head length
	// MaxFrame is the largest frame, in bytes after the length field.
	MaxFrame = 1<<32 - 1
)

// ErrProtocol is the error of a frame that breaks the protocol: garbage,
// an unknown kind, a head that does not decode. The connection cannot be
// used any more.
var ErrProtocol = errors.New("wire: protocol error")

// ErrTooLarge is the error of a message larger than MaxFrame.
var ErrTooLarge = errors.New("wire: message larger than 4 GiB")

func protocolErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrProtocol, fmt.Sprintf(format, args...))
}

// header is a parsed frame prefix.
type header struct {
	n     uint32 // bytes after the length field
	kind  Kind
	flags byte
	head  uint32 // length of the head section
}

func putPrefix(b []byte, h header) {
	binary.BigEndian.PutUint32(b[0:4], h.n)
	b[4] = byte(h.kind)
	b[5] = h.flags
	binary.BigEndian.PutUint32(b[6:10], h.head)
}

// parsePrefix checks the 6 bytes after the length field.
func parsePrefix(n uint32, b []byte) (header, error) {
	h := header{n: n, kind: Kind(b[0]), flags: b[1], head: binary.BigEndian.Uint32(b[2:6])}
	switch {
	case !h.kind.valid():
		return h, protocolErr("unknown frame kind %d", h.kind)
	case h.flags&^FlagFresh != 0:
		return h, protocolErr("unknown frame flags %#x", h.flags)
	case h.head > n-6:
		return h, protocolErr("head of %d bytes in a frame of %d", h.head, n)
	}
	return h, nil
}
