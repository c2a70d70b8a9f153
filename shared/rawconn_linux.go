package shared

import (
	"io"
	"net"
	"syscall"
	"time"
)

// rawConn is a proxy's connection to a Manager: a socket read with
// blocking system calls rather than through the runtime's poller, so that
// a reply wakes the waiting thread directly (one wake-up instead of the
// poller's two), after a short spin that avoids even that one while the
// Manager answers at once.
type rawConn struct {
	fd   int
	spin time.Duration
}

func dialRaw(addr string, spin time.Duration) (*rawConn, error) {
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	// A name starting with @ is in the abstract namespace.
	if err := syscall.Connect(fd, &syscall.SockaddrUnix{Name: addr}); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return &rawConn{fd: fd, spin: spin}, nil
}

func (c *rawConn) Read(p []byte) (int, error) {
	if c.spin > 0 {
		until := time.Now().Add(c.spin)
		for i := 0; ; i++ {
			n, _, err := syscall.Recvfrom(c.fd, p, syscall.MSG_DONTWAIT)
			if err == nil {
				return eof(n, p)
			}
			if err != syscall.EAGAIN && err != syscall.EINTR {
				return 0, err
			}
			// Yield the CPU: on a busy machine the other side may be
			// waiting for this very core.
			_, _, _ = syscall.RawSyscall(syscall.SYS_SCHED_YIELD, 0, 0, 0)
			if i%8 == 7 && time.Now().After(until) {
				break
			}
		}
	}
	for {
		n, err := syscall.Read(c.fd, p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		return eof(n, p)
	}
}

func eof(n int, p []byte) (int, error) {
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (c *rawConn) Write(p []byte) (int, error) {
	done := 0
	for done < len(p) {
		n, err := syscall.Write(c.fd, p[done:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return done, err
		}
		done += n
	}
	return done, nil
}

// Shutdown ends the connection both ways, which wakes a thread blocked
// reading it; the descriptor stays open until its reader closes it.
func (c *rawConn) Shutdown() { _ = syscall.Shutdown(c.fd, syscall.SHUT_RDWR) }

// Close closes the socket. Only the goroutine that reads it may call it.
func (c *rawConn) Close() error {
	c.Shutdown()
	return syscall.Close(c.fd)
}

// rawFromConn turns an accepted connection into a rawConn of its own
// descriptor, in blocking mode.
func rawFromConn(uc *net.UnixConn, spin time.Duration) (*rawConn, error) {
	f, err := uc.File() // a duplicate; Fd makes it blocking
	uc.Close()
	if err != nil {
		return nil, err
	}
	fd, err := syscall.Dup(int(f.Fd()))
	f.Close()
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(fd)
	return &rawConn{fd: fd, spin: spin}, nil
}

// The spin of a proxy waiting for its reply, and of the server waiting
// for a connection's next request.
const (
	clientSpin = 50 * time.Microsecond
	serverSpin = 50 * time.Microsecond
)
