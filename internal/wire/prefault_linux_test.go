package wire_test

import (
	"os"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/internal/wire"
)

// fresh maps n bytes of memory that no page backs yet.
func fresh(t *testing.T, n int) []byte {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	require.NoError(t, err)
	t.Cleanup(func() { _ = syscall.Munmap(b) })
	return b
}

// resident reports for each page of b whether it is mapped.
func resident(t *testing.T, b []byte) []bool {
	page := os.Getpagesize()
	vec := make([]byte, (len(b)+page-1)/page)
	_, _, errno := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(unsafe.Pointer(&vec[0])))
	require.Zero(t, errno)
	in := make([]bool, len(vec))
	for i, v := range vec {
		in[i] = v&1 != 0
	}
	return in
}

func count(in []bool) int {
	n := 0
	for _, v := range in {
		if v {
			n++
		}
	}
	return n
}

func TestPopulate(t *testing.T) {
	b := fresh(t, 64<<10)
	require.Zero(t, count(resident(t, b)))
	if err := wire.Populate(b); err != nil {
		t.Skipf("an older kernel: %v", err)
	}
	require.Equal(t, len(b)/os.Getpagesize(), count(resident(t, b)), "every page is mapped")
	require.Equal(t, make([]byte, len(b)), b, "and still zero")
}

func TestReadPrefaultedFaultsAheadBounded(t *testing.T) {
	if err := wire.Populate(fresh(t, 4096)); err != nil {
		t.Skipf("an older kernel: %v", err)
	}
	chunk := wire.PrefaultChunk
	b := fresh(t, 16*chunk)
	// One chunk comes, then the connection ends.
	err := wire.ReadPrefaulted(&oddReader{b: pattern(chunk)}, b)
	require.Error(t, err)
	in := resident(t, b)
	pages := chunk / os.Getpagesize()
	require.Equal(t, pages, count(in[pages:2*pages]), "the chunk after the first was faulted in ahead of the read")
	require.Zero(t, count(in[3*pages:]), "nothing beyond two chunks after what came")
}
