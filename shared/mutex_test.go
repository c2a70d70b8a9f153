package shared_test

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
	"unsafe"

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
	t.Run("a zombie holder is dead", func(t *testing.T) {
		cmd := exec.Command("sleep", "60")
		if err := cmd.Start(); err != nil {
			t.Skip("no sleep command")
		}
		m := newMutex(t)
		shared.SetHolder(m, uint32(cmd.Process.Pid), shared.Tag(uint32(cmd.Process.Pid)))
		require.False(t, m.TryLock(), "held by a live process")
		require.NoError(t, cmd.Process.Kill())
		require.Eventually(t, func() bool { return zombie(cmd.Process.Pid) }, 10*time.Second, time.Millisecond)
		require.True(t, m.TryLock(), "a zombie holds nothing")
		m.Unlock()
		_ = cmd.Wait()
	})
	t.Run("a reused pid is not the holder", func(t *testing.T) {
		m := newMutex(t)
		parent := uint32(os.Getppid())
		shared.SetHolder(m, parent, shared.Tag(parent))
		require.False(t, m.TryLock(), "held by the live process of that pid")
		shared.SetHolder(m, parent, shared.Tag(parent)+1)
		require.True(t, m.TryLock(), "the pid's process started after the holder")
		m.Unlock()
	})
}

// zombie reports whether pid has exited, without reaping it: waitid with
// WNOWAIT leaves the zombie in place.
func zombie(pid int) bool {
	const pPID, wNoWait = 1, 0x1000000
	var info [128]byte
	_, _, e := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid), uintptr(unsafe.Pointer(&info)),
		syscall.WEXITED|wNoWait, 0, 0)
	return e == 0
}
