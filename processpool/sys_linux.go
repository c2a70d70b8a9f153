package processpool

import "syscall"

// sysProcAttr puts a worker in a process group of its own, so that a
// terminal's Ctrl-C reaches only the parent (which then shuts the pool down
// in order), and has Linux kill it when the parent dies.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
