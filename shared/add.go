package shared

import (
	"sync/atomic"
	"unsafe"
)

// Integer is the constraint of Add: the integer kinds.
type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// Add adds delta to v's value atomically, without taking its lock, and
// returns the new value: a counter shared by processes. It costs one
// atomic instruction (a few nanoseconds, more when processes on other
// cores add at once), and mixes safely with Store and Update (Update then
// runs its function again). A process killed anywhere in Add either added
// or did not.
func Add[T Integer](v *Value[T], delta T) T {
	s := v.h.seg(valueWhat)
	switch unsafe.Sizeof(delta) {
	case 8:
		u := atomic.AddUint64((*uint64)(s.word()), bits64(delta))
		return *(*T)(unsafe.Pointer(&u))
	case 4:
		u := atomic.AddUint32((*uint32)(s.word()), bits32(delta))
		return *(*T)(unsafe.Pointer(&u))
	}
	p := (*uint32)(s.word())
	for {
		old := atomic.LoadUint32(p)
		x := *(*T)(unsafe.Pointer(&old)) + delta
		if atomic.CompareAndSwapUint32(p, old, bits32(x)) {
			return x
		}
	}
}
