package processpool

import (
	"os"
	"syscall"
	"unsafe"
)

// sysProcAttr puts a worker in a process group of its own, so that a
// terminal's Ctrl-C reaches only the parent (which then shuts the pool down
// in order), and has Linux kill it when the parent dies.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// exitWatch returns a file that becomes readable when process pid exits
// (a pidfd, polled by the runtime), or nil if the kernel cannot make one.
func exitWatch(pid int) *os.File {
	const pidfdNonblock = syscall.O_NONBLOCK
	fd, _, errno := syscall.Syscall(sysPidfdOpen, uintptr(pid), pidfdNonblock, 0)
	if errno != 0 {
		return nil
	}
	return os.NewFile(fd, "pidfd")
}

// exited reports whether the process of pidfd fd has exited, without
// waiting: the pidfd polls readable.
func exited(fd uintptr) bool {
	pfd := struct {
		fd      int32
		events  int16
		revents int16
	}{fd: int32(fd), events: 1} // POLLIN
	n, _, errno := syscall.Syscall(syscall.SYS_POLL, uintptr(unsafe.Pointer(&pfd)), 1, 0)
	return errno != 0 || (n == 1 && pfd.revents != 0)
}

// sysPidfdOpen is pidfd_open(2)'s number, the same on every architecture
// Linux added it to after 5.3.
const sysPidfdOpen = 434
