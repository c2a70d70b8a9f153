//go:build !linux

package processpool

import (
	"errors"
	"os"
)

var errPipeSize = errors.New("processpool: a pipe's size is fixed on this system")

// growPipe fails where a pipe's size cannot be set: the pipe keeps the
// size it has.
func growPipe(*os.File, int) error { return errPipeSize }

func pipeCapacity(*os.File) (int, error) { return 0, errPipeSize }
