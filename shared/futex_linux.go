package shared

import (
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

const (
	futexWaitOp = 0 // FUTEX_WAIT, not private: the word is in shared memory
	futexWakeOp = 1
)

// futexWait sleeps while *addr == val, at most d. It reports whether it
// timed out.
func futexWait(addr *atomic.Uint32, val uint32, d time.Duration) (timedOut bool) {
	ts := syscall.NsecToTimespec(int64(d))
	_, _, e := syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitOp,
		uintptr(val), uintptr(unsafe.Pointer(&ts)), 0, 0)
	return e == syscall.ETIMEDOUT
}

// futexWake wakes one sleeper on addr.
func futexWake(addr *atomic.Uint32) {
	_, _, _ = syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWakeOp, 1, 0, 0, 0)
}
