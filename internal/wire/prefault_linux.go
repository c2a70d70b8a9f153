package wire

import (
	"os"
	"syscall"
	"unsafe"
)

const canPopulate = true

// madvPopulateWrite (Linux 5.14) maps b's pages writable as a write to
// each would, without writing: a page already mapped keeps its bytes.
const madvPopulateWrite = 23

// populate faults in the whole pages within b. It changes no byte of b,
// so it may run while another goroutine reads into b. It fails on a
// kernel older than 5.14.
func populate(b []byte) error {
	page := uintptr(os.Getpagesize())
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (p + page - 1) &^ (page - 1)
	end := (p + uintptr(len(b))) &^ (page - 1)
	if end <= start {
		return nil
	}
	whole := b[start-p : end-p]
	return os.NewSyscallError("madvise", syscall.Madvise(whole, madvPopulateWrite))
}
