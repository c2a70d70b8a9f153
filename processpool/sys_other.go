//go:build !unix

package processpool

import (
	"errors"
	"io"
	"os"
	"syscall"
)

const supported = false

var errUnsupported = errors.New("processpool: not supported on this system: worker pipes need a Unix system")

func sysProcAttr() *syscall.SysProcAttr { return nil }

func killProcess(p *os.Process) { _ = p.Kill() }

func transientStart(error) bool { return false }

func workerPipes() (io.Reader, io.Writer, error) { return nil, nil, errUnsupported }

func exitWatch(int) *os.File { return nil }

func exited(uintptr) bool { return true }
