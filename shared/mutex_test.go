package shared_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/shared"
)

func newMutex(t *testing.T) *shared.Mutex {
	t.Helper()
	m, err := shared.NewMutex()
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func TestMutexLocal(t *testing.T) {
	m := newMutex(t)
	require.True(t, m.TryLock())
	require.False(t, m.TryLock(), "held by this process")
	m.Unlock()
	require.Panics(t, func() { m.Unlock() })
	m.Lock()
	done := make(chan struct{})
	go func() { m.Lock(); m.Unlock(); close(done) }()
	select {
	case <-done:
		t.Fatal("a second Lock did not wait")
	case <-time.After(50 * time.Millisecond):
	}
	m.Unlock()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Unlock did not wake the waiter")
	}
}

// TestMutexAcrossProcesses: a read-modify-write made atomic only by the
// Mutex loses nothing between two processes, and a Lock held by another
// process makes TryLock fail until it is released.
func TestMutexAcrossProcesses(t *testing.T) {
	t.Run("exclusion", func(t *testing.T) {
		m := newMutex(t)
		a, err := shared.NewArray([]int64{0})
		require.NoError(t, err)
		defer a.Close()
		const n = 2000
		p1, p2 := start(t, lockedIncr, lockedArray{m, a, n}), start(t, lockedIncr, lockedArray{m, a, n})
		_, err1 := wait(t, p1)
		_, err2 := wait(t, p2)
		require.NoError(t, err1)
		require.NoError(t, err2)
		require.Equal(t, int64(2*n), a.Load(0))
	})
	t.Run("held elsewhere", func(t *testing.T) {
		m := newMutex(t)
		p := start(t, holdFor, hold{m, 500 * time.Millisecond})
		require.Eventually(t, func() bool {
			if m.TryLock() {
				m.Unlock()
				return false
			}
			return true
		}, 10*time.Second, time.Millisecond, "the child never held the lock")
		m.Lock() // waits for the child's Unlock
		m.Unlock()
		_, err := wait(t, p)
		require.NoError(t, err)
	})
}

// TestHolderKilledHoldingMutex: the next locker gets a lock whose holder
// died holding it.
func TestHolderKilledHoldingMutex(t *testing.T) {
	t.Run("Lock", func(t *testing.T) {
		m := newMutex(t)
		_, err := wait(t, start(t, dieHolding, m))
		require.Error(t, err)
		locked := make(chan struct{})
		go func() { m.Lock(); close(locked) }()
		select {
		case <-locked:
			m.Unlock()
		case <-time.After(10 * time.Second):
			t.Fatal("the dead holder left the Mutex locked")
		}
	})
	t.Run("TryLock", func(t *testing.T) {
		m := newMutex(t)
		_, err := wait(t, start(t, dieHolding, m))
		require.Error(t, err)
		require.True(t, m.TryLock())
		m.Unlock()
	})
}
