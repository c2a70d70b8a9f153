package shared

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"syscall"
)

// self is this process's pid and owner tag, taken once.
var self = sync.OnceValue(func() owner {
	pid := uint32(os.Getpid())
	start, _, _ := procStart(pid)
	return owner{pid: pid, tag: uint64(pid)<<40 | start&startMask}
})

type owner struct {
	pid uint32
	tag uint64 // pid<<40 | start time: tells a process from a later one of the same pid
}

const startMask = 1<<40 - 1

// procStart reads a process's start time (clock ticks since boot) and
// state letter from /proc; ok is false if the process does not exist.
func procStart(pid uint32) (start uint64, state byte, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.FormatUint(uint64(pid), 10) + "/stat")
	if err != nil {
		// No /proc: fall back on kill(pid, 0).
		return 0, 'R', syscall.Kill(int(pid), 0) != syscall.ESRCH
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 'R', true
	}
	f := bytes.Fields(b[i+1:])
	// After the command: state is field 3 of stat(5), starttime field 22.
	if len(f) < 20 {
		return 0, 'R', true
	}
	start, _ = strconv.ParseUint(string(f[19]), 10, 64)
	return start, f[0][0], true
}

// ownerDead reports whether the process that holds a lock is gone: it no
// longer exists, is a zombie, or its pid now belongs to a later process
// (the tag it wrote names another start time).
func ownerDead(pid uint32, tag uint64) bool {
	if pid == self().pid {
		return false
	}
	start, state, ok := procStart(pid)
	switch {
	case !ok, state == 'Z', state == 'X':
		return true
	case uint32(tag>>40) == pid && start != 0 && start&startMask != tag&startMask:
		return true
	}
	return false
}
