package shared

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/google/uuid"
)

// A segment is one anonymous shared-memory file (memfd_create) mapped into
// this process. It has no name in the file system: another process opens
// it through /proc/<pid>/fd/<fd> of a process that holds it, and the
// kernel frees it when the last descriptor and mapping are gone, whoever
// held them and however they ended.
//
// Layout: a header of headerSize bytes (identity, lock, double-buffer
// index), then the data.
type segment struct {
	mem  []byte
	fd   int
	id   uuid.UUID
	refs int // handles in this process that use it; under segments.mu
}

const (
	headerSize   = 128
	segmentMagic = 0x6863757272656e74 // identifies a segment of this package

	mfdCloexec      = 0x1
	mfdAllowSealing = 0x2
	fAddSeals       = 1033
	sealSeal        = 0x1
	sealShrink      = 0x2
	sealGrow        = 0x4
)

// header is the start of every segment.
type header struct {
	magic uint64
	id    uuid.UUID // tells this segment from one that reused its fd number
	kind  uint64    // the element type's fingerprint, checked on open
	n     uint64    // number of elements
	_     [24]byte
	lock  lockWord      // in a cache line of its own with cur, apart from the data
	cur   atomic.Uint32 // which of the two data slots is current
	word  uint64        // a Value of up to 8 bytes, beside its lock: one cache line moves per Update
}

// memfdCreate is memfd_create's system call number on each architecture.
var memfdCreate = map[string]uintptr{
	"amd64": 319, "386": 356, "arm64": 279, "arm": 385, "riscv64": 279,
	"loong64": 279, "ppc64": 360, "ppc64le": 360, "s390x": 350,
}[runtime.GOARCH]

// newSegment makes a segment of dataBytes bytes after the header.
func newSegment(kind uint64, n, dataBytes int) (*segment, error) {
	if memfdCreate == 0 {
		return nil, fmt.Errorf("%w: no memfd_create on %s", errUnsupported, runtime.GOARCH)
	}
	name := []byte("gocurrent-shared\x00")
	fd, _, e := syscall.Syscall(memfdCreate, uintptr(unsafe.Pointer(&name[0])), mfdCloexec|mfdAllowSealing, 0)
	if e != 0 {
		return nil, fmt.Errorf("shared: memfd_create: %w", e)
	}
	size := roundPage(headerSize + dataBytes)
	if err := syscall.Ftruncate(int(fd), int64(size)); err != nil {
		syscall.Close(int(fd))
		return nil, fmt.Errorf("shared: sizing shared memory: %w", err)
	}
	// Sealed, so that no process can shrink the file under a mapping
	// (which would crash the others with SIGBUS).
	_, _, _ = syscall.Syscall(syscall.SYS_FCNTL, fd, fAddSeals, sealShrink|sealGrow|sealSeal)
	s, err := mapSegment(int(fd), size)
	if err != nil {
		return nil, err
	}
	h := s.header()
	h.id, h.kind, h.n = uuid.New(), kind, uint64(n)
	atomic.StoreUint64(&h.magic, segmentMagic)
	s.id = h.id
	segments.add(s)
	return s, nil
}

func mapSegment(fd, size int) (*segment, error) {
	mem, err := syscall.Mmap(fd, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("shared: mapping shared memory: %w", err)
	}
	return &segment{mem: mem, fd: fd}, nil
}

func roundPage(n int) int {
	p := os.Getpagesize()
	return (n + p - 1) / p * p
}

func (s *segment) header() *header { return (*header)(unsafe.Pointer(&s.mem[0])) }

// at returns the address of the data at offset off.
func (s *segment) at(off int) unsafe.Pointer { return unsafe.Pointer(&s.mem[headerSize+off]) }

// unmap unmaps the segment and closes its descriptor. The memory lives on
// in the processes that still map it.
func (s *segment) unmap() error {
	err := syscall.Munmap(s.mem)
	if cerr := syscall.Close(s.fd); err == nil {
		err = cerr
	}
	return err
}

// handleSize is the length of an encoded handle: pid, fd, id, size.
const handleSize = 4 + 4 + 16 + 8

// encode returns the handle by which another process opens the segment.
func (s *segment) encode() []byte {
	b := make([]byte, 0, handleSize)
	b = binary.LittleEndian.AppendUint32(b, uint32(os.Getpid()))
	b = binary.LittleEndian.AppendUint32(b, uint32(s.fd))
	b = append(b, s.header().id[:]...)
	return binary.LittleEndian.AppendUint64(b, uint64(len(s.mem)))
}

// openSegment maps the segment of a handle that another process (or this
// one) encoded, and checks that it is the same segment, of the same type.
func openSegment(b []byte, kind uint64) (*segment, error) {
	if len(b) != handleSize {
		return nil, fmt.Errorf("shared: a handle of %d bytes, not %d", len(b), handleSize)
	}
	pid, fd := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])
	id, size := uuid.UUID(b[8:24]), int(binary.LittleEndian.Uint64(b[24:]))
	if s := segments.get(id, kind); s != nil {
		return s, nil
	}
	f, err := os.OpenFile(fmt.Sprintf("/proc/%d/fd/%d", pid, fd), os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("shared: the process that sent the handle (pid %d) no longer holds it "+
			"(keep it open until the receiver has it): %w", pid, err)
	}
	nfd, err := syscall.Dup(int(f.Fd()))
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("shared: %w", err)
	}
	syscall.CloseOnExec(nfd)
	var st syscall.Stat_t
	if err := syscall.Fstat(nfd, &st); err != nil || int(st.Size) != size {
		syscall.Close(nfd)
		return nil, fmt.Errorf("shared: process %d's descriptor %d is not the shared memory it sent", pid, fd)
	}
	s, err := mapSegment(nfd, size)
	if err != nil {
		return nil, err
	}
	h := s.header()
	if atomic.LoadUint64(&h.magic) != segmentMagic || h.id != id {
		_ = s.unmap()
		return nil, fmt.Errorf("shared: process %d's descriptor %d is not the shared memory it sent", pid, fd)
	}
	if h.kind != kind {
		_ = s.unmap()
		return nil, errKind
	}
	s.id = id
	return segments.addOrGet(s), nil
}

// The header must fit the space the data leaves it.
var _ [headerSize - unsafe.Sizeof(header{})]byte
