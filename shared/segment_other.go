//go:build !linux

package shared

import (
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/google/uuid"
)

// Shared memory here relies on Linux's memfd_create, /proc and futexes;
// elsewhere the constructors return ErrUnsupported.

type segment struct {
	mem  []byte
	id   uuid.UUID
	refs int
}

const headerSize = 128

type header struct {
	magic uint64
	id    uuid.UUID
	kind  uint64
	n     uint64
	_     [24]byte
	lock  lockWord
	cur   atomic.Uint32
	word  uint64 // a Value of up to 8 bytes, beside its lock: one cache line moves per Update
}

type owner struct {
	pid uint32
	tag uint64
}

func newSegment(uint64, int, int) (*segment, error) { return nil, errUnsupported }

func openSegment([]byte, uint64) (*segment, error) { return nil, errUnsupported }

func (s *segment) header() *header           { return (*header)(unsafe.Pointer(&s.mem[0])) }
func (s *segment) at(off int) unsafe.Pointer { return unsafe.Pointer(&s.mem[headerSize+off]) }
func (s *segment) unmap() error              { return nil }
func (s *segment) encode() []byte            { return nil }

func self() owner                   { return owner{} }
func ownerDead(uint32, uint64) bool { return false }

func futexWait(*atomic.Uint32, uint32, time.Duration) bool {
	time.Sleep(time.Millisecond)
	return false
}
func futexWake(*atomic.Uint32) {}
