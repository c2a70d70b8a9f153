package wire

import "io"

// A large frame is read into a buffer the Decoder has just made, whose
// pages the kernel maps and clears one by one as the read copies into
// them, under the pipe's lock: the writer waits meanwhile. A goroutine
// that faults the pages in a little ahead of the read (populate, on
// Linux) takes that work off the pipe's path.

// prefaultChunk is how much of a large frame is read at a time, and how
// far ahead of the read its pages are faulted in.
const prefaultChunk = 4 << 20

// readPrefaulted reads len(b) bytes from r into b, as io.ReadFull does,
// but a chunk at a time,
// faulting in the pages of the next chunk meanwhile where populate can.
// At most two chunks beyond the bytes that came are faulted in, so that a
// frame announcing more than it sends costs no more memory than it did.
func readPrefaulted(r io.Reader, b []byte) error {
	if len(b) < 2*prefaultChunk || !canPopulate {
		_, err := io.ReadFull(r, b)
		return err
	}
	ahead := make(chan []byte, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		failed := false
		for c := range ahead {
			// After a failure the chunks are only drained: the read
			// faults them in itself.
			failed = failed || populate(c) != nil
		}
	}()
	defer func() { close(ahead); <-done }()
	for off := 0; off < len(b); off += prefaultChunk {
		end := min(off+prefaultChunk, len(b))
		if end < len(b) {
			select {
			case ahead <- b[end:min(end+prefaultChunk, len(b))]:
			default: // the goroutine is behind: the read faults this chunk in
			}
		}
		if _, err := io.ReadFull(r, b[off:end]); err != nil {
			if err == io.EOF && off > 0 {
				err = io.ErrUnexpectedEOF // as io.ReadFull says of b as a whole
			}
			return err
		}
	}
	return nil
}
