//go:build unix

package processpool

import (
	"fmt"
	"os"
	"syscall"
)

// claimFD is the worker's descriptor of its claim page, after its pipes.
const claimFD = 5

// newClaimPage makes a worker's claim page and returns it with the file
// the worker maps it from.
func newClaimPage() (*claimPage, *os.File, error) {
	f, err := sharedFile(claimBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot make a claim page: %w", err)
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, claimBytes, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("cannot map a claim page: %w", err)
	}
	return &claimPage{mem: mem}, f, nil
}

// release unmaps the page, once its worker was reaped; its Gates then
// count as stale.
func (c *claimPage) release() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.gone {
		c.gone = true
		_ = syscall.Munmap(c.mem)
		c.mem = nil
	}
}

// workerClaims maps the claim page a worker was started with, if any.
func workerClaims() (*claimPage, error) {
	if os.Getenv(envClaims) == "" {
		return nil, nil
	}
	_ = os.Unsetenv(envClaims)
	syscall.CloseOnExec(claimFD)
	mem, err := syscall.Mmap(claimFD, 0, claimBytes, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("cannot map the claim page: %w", err)
	}
	syscall.Close(claimFD)
	return &claimPage{mem: mem}, nil
}

// sharedFile returns an unlinked file of size bytes to map shared, in
// memory (/dev/shm) where the system has it: nothing is left behind, even
// if the program dies.
func sharedFile(size int64) (*os.File, error) {
	dir := "/dev/shm"
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "futures-claims-")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
