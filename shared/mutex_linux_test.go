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

// TestHolderIdentity: a holder is dead once it is a zombie, or once its
// pid belongs to a process that started later.
func TestHolderIdentity(t *testing.T) {
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
