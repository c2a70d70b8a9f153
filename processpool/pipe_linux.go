package processpool

import (
	"os"
	"syscall"
)

// growPipe makes the pipe f is an end of hold at least size bytes.
func growPipe(f *os.File, size int) error {
	_, err := pipeFcntl(f, syscall.F_SETPIPE_SZ, size)
	return err
}

// pipeCapacity returns how many bytes the pipe f is an end of holds.
func pipeCapacity(f *os.File) (int, error) { return pipeFcntl(f, syscall.F_GETPIPE_SZ, 0) }

func pipeFcntl(f *os.File, cmd, arg int) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, err
	}
	var r uintptr
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		r, _, errno = syscall.Syscall(syscall.SYS_FCNTL, fd, uintptr(cmd), uintptr(arg))
	}); err != nil {
		return 0, err
	}
	if errno != 0 {
		return 0, os.NewSyscallError("fcntl", errno)
	}
	return int(r), nil
}
