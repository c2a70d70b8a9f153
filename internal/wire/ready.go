package wire

import "encoding/binary"

// Ready reports whether a whole frame is already buffered, so that Next
// returns it without waiting. A pipelined peer uses it to hold back what it
// would write until it has handled every frame that came together.
func (d *Decoder) Ready() bool {
	if d.r.Buffered() < 4 {
		return false
	}
	b, err := d.r.Peek(4)
	if err != nil {
		return false
	}
	return int64(binary.BigEndian.Uint32(b))+4 <= int64(d.r.Buffered())
}

// Len returns the size of the frame being built, its header included.
func (e *Encoder) Len() int { return len(e.frame) + e.vals.Len() + len(e.tail) }
