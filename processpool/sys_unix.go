//go:build unix

package processpool

import (
	"errors"
	"io"
	"os"
	"syscall"
)

const supported = true

var errUnsupported = errors.New("processpool: not supported on this system")

// transientStart reports whether a worker failed to start for a reason
// that may go away: the system ran out of processes, memory or file
// descriptors.
func transientStart(err error) bool {
	for _, e := range []error{syscall.EAGAIN, syscall.ENOMEM, syscall.EMFILE, syscall.ENFILE} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// killProcess kills the worker and anything it started in its process
// group.
func killProcess(p *os.Process) {
	_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
	_ = p.Kill()
}

// workerPipes returns the worker's ends of its two pipes, fds 3 and 4, in
// blocking mode, and made close-on-exec: a program a task starts must not
// hold them, or the parent would see the worker's pipes open (and wait
// for that program) after the worker exited. Blocking, the reader waits
// for the next call in read(2) itself, a thread of its own, and wakes
// the moment it comes, without a round through the runtime's poller
// (measured: about 10 µs less per round trip on an idle 2-core machine).
// The worker has no deadlines to set on them. Results go out through a
// pipeWriter, which grows the pipe for a large one.
func workerPipes() (io.Reader, io.Writer, error) {
	for _, fd := range []int{3, 4} {
		if err := syscall.SetNonblock(fd, false); err != nil {
			return nil, nil, errors.New("started as a worker without its pipes: " + err.Error())
		}
		syscall.CloseOnExec(fd)
	}
	return os.NewFile(3, "processpool-in"), newPipeWriter(os.NewFile(4, "processpool-out")), nil
}
