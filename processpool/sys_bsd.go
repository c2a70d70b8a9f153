//go:build unix && !linux

package processpool

import (
	"os"
	"syscall"
)

// sysProcAttr puts a worker in a process group of its own, so that a
// terminal's Ctrl-C reaches only the parent. Without a parent-death signal
// here, a worker notices its parent's death when its pipe closes.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// exitWatch is nil here: without a pidfd, a worker's reader never rests
// (see worker.rest).
func exitWatch(int) *os.File { return nil }

func exited(uintptr) bool { return true }
