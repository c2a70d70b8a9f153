package shared

import "reflect"

// Mutex is a lock shared by processes, Python's multiprocessing.Lock. Pass
// a *Mutex in a task's argument as a *Value. It is safe for concurrent use
// by the goroutines of every process that holds it; like sync.Mutex, it
// is held by a process, not by a goroutine, and any goroutine may Unlock
// it.
//
// It is robust: if the process holding it dies (even by SIGKILL), the next
// Lock takes it over, within about 20 ms. What it guarded may then be
// half-updated; the lock of a Value or Array guards against that with its
// two slots. Lock and Unlock cost about 20 ns uncontended; a waiter spins
// briefly, then sleeps in the kernel (a futex) until woken.
type Mutex struct {
	h handle
}

const mutexWhat = "Mutex"

var mutexKind = fingerprint(reflect.TypeFor[Mutex](), mutexWhat)

// NewMutex returns an unlocked Mutex, in shared memory of its own. Close
// it when done.
func NewMutex() (*Mutex, error) {
	s, err := newSegment(mutexKind, 0, 0)
	if err != nil {
		return nil, err
	}
	return &Mutex{h: handle{s: s}}, nil
}

// Lock blocks until the lock is free (or its holder has died) and takes
// it.
func (m *Mutex) Lock() { m.h.seg(mutexWhat).header().lock.lock() }

// Unlock releases the lock. It panics if the lock is not held.
func (m *Mutex) Unlock() { m.h.seg(mutexWhat).header().lock.unlock(mutexWhat) }

// TryLock takes the lock if it is free or its holder has died, and
// reports whether it did; it never blocks. Finding the lock held by
// another process costs a look at that process (a few microseconds).
func (m *Mutex) TryLock() bool { return m.h.seg(mutexWhat).header().lock.tryLock() }

// Close releases this process's handle, as Value.Close.
func (m *Mutex) Close() error { return m.h.close() }

// GobEncode encodes a handle on the Mutex, as Value.GobEncode.
func (m *Mutex) GobEncode() ([]byte, error) { return m.h.encode() }

// GobDecode maps the Mutex of a handle that GobEncode made, as
// Value.GobDecode.
func (m *Mutex) GobDecode(b []byte) error { return m.h.decode(b, mutexKind) }
