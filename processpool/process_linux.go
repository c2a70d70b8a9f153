package processpool

import (
	"syscall"
	"unsafe"
)

// waitExited blocks until process pid has exited, without reaping it: its
// pid stays reserved, so that a Kill until the reaping cannot reach
// another process that got the same pid.
func waitExited(pid int) {
	const pPID, wNoWait = 1, 0x1000000
	var info [128]byte // siginfo_t
	for {
		_, _, e := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid), uintptr(unsafe.Pointer(&info)),
			syscall.WEXITED|wNoWait, 0, 0)
		if e != syscall.EINTR {
			return
		}
	}
}
