package processpool

import (
	"os"
	"syscall"
)

// newExitError describes how process pid ended, from its state after Wait:
// the status text, and Python's exitcode (the exit status, or minus the
// signal number) with the signal.
func newExitError(pid int, ps *os.ProcessState, status string, cause error) *ExitError {
	e := &ExitError{PID: pid, Status: status, Cause: cause}
	if ps == nil {
		return e
	}
	e.Code = ps.ExitCode()
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		e.Signal = ws.Signal()
		e.Code = -int(e.Signal)
	}
	return e
}
