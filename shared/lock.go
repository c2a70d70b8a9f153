package shared

import (
	"runtime"
	"sync/atomic"
	"time"
)

// lockWord is a lock in shared memory that survives the death of its
// holder. state is 0 when free, else the holder's pid, with waitersBit set
// once somebody may sleep on it (a futex word). tag is written by each new
// holder: its pid and start time, so that a waiter can tell a live holder
// from a later process that got the same pid.
//
// A waiter that has slept ownerCheck without the lock changing hands
// looks the holder up in /proc; if it is dead, the waiter takes the lock
// over with a compare-and-swap of the very state it saw, so two waiters
// cannot both take it.
type lockWord struct {
	state atomic.Uint32
	_     uint32
	tag   atomic.Uint64
}

const (
	waitersBit = 1 << 31
	spins      = 100
	ownerCheck = 20 * time.Millisecond
)

func (l *lockWord) lock() {
	me := self()
	if l.state.CompareAndSwap(0, me.pid) {
		l.tag.Store(me.tag)
		return
	}
	l.lockSlow(me)
}

func (l *lockWord) lockSlow(me owner) {
	for i := range spins {
		if l.state.Load() == 0 && l.state.CompareAndSwap(0, me.pid) {
			l.tag.Store(me.tag)
			return
		}
		if i%10 == 9 {
			runtime.Gosched()
		}
	}
	for {
		s := l.state.Load()
		switch {
		case s == 0:
			// Others may sleep: whoever takes it from here on wakes one.
			if l.state.CompareAndSwap(0, me.pid|waitersBit) {
				l.tag.Store(me.tag)
				return
			}
			continue
		case s&waitersBit == 0:
			if !l.state.CompareAndSwap(s, s|waitersBit) {
				continue
			}
			s |= waitersBit
		}
		if futexWait(&l.state, s, ownerCheck) && l.state.Load() == s && l.takeOver(s, me, waitersBit) {
			return
		}
	}
}

// takeOver takes the lock from a dead holder, if the holder of state s is
// dead and the lock has not changed hands since.
func (l *lockWord) takeOver(s uint32, me owner, bits uint32) bool {
	if !ownerDead(s&^waitersBit, l.tag.Load()) {
		return false
	}
	if !l.state.CompareAndSwap(s, me.pid|bits) {
		return false
	}
	l.tag.Store(me.tag)
	return true
}

// tryLock takes the lock if it is free, or held by a dead process.
func (l *lockWord) tryLock() bool {
	me := self()
	if l.state.CompareAndSwap(0, me.pid) {
		l.tag.Store(me.tag)
		return true
	}
	s := l.state.Load()
	return s != 0 && l.takeOver(s, me, s&waitersBit)
}

func (l *lockWord) unlock(what string) {
	s := l.state.Swap(0)
	if s == 0 {
		panic("shared: unlock of an unlocked " + what)
	}
	if s&waitersBit != 0 {
		futexWake(&l.state)
	}
}
