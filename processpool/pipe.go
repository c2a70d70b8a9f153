package processpool

import (
	"os"
	"sync"
)

// A pipe holds 64 KiB on Linux: a large value crosses it in thousands of
// wake-ups of the writer and the reader, each time with the reader's page
// faults on its fresh buffer taken under the pipe's lock, which holds the
// writer back. A pipe 16 times larger moves a 256 MiB []byte to a worker
// about twice as fast. It is grown only once a connection carries a
// large write, not for every worker: the kernel counts a user's pipe
// buffers, and past a limit (pipe-user-pages-soft, 64 MiB by default)
// gives every new pipe of that user only two pages.

// pipeSize is the size a pipe is grown to: the most an unprivileged
// process may ask for by default (fs.pipe-max-size).
const pipeSize = 1 << 20

// pipeWriter writes the frames of one direction of a connection to a
// pipe, and grows the pipe to pipeSize before the first write of at least
// pipeSize bytes. It is safe for concurrent use as far as its pipe is.
type pipeWriter struct {
	f    *os.File
	grow sync.Once
}

func newPipeWriter(f *os.File) *pipeWriter { return &pipeWriter{f: f} }

func (w *pipeWriter) Write(b []byte) (int, error) {
	if len(b) >= pipeSize {
		// A pipe that cannot grow (a lower fs.pipe-max-size, the
		// user's hard limit) still carries every byte, more slowly.
		w.grow.Do(func() { _ = growPipe(w.f, pipeSize) })
	}
	return w.f.Write(b)
}
