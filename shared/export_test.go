package shared

import (
	"bufio"
	"bytes"
)

// Hooks for the tests of package shared_test.

// SetHolder makes m look held by process pid, whose owner tag is tag.
func SetHolder(m *Mutex, pid uint32, tag uint64) {
	l := &m.h.seg(mutexWhat).header().lock
	l.state.Store(pid)
	l.tag.Store(tag)
}

// AllowUID makes m's server accept only connections of user uid.
func AllowUID(m *Manager, uid int) {
	m.srv.mu.Lock()
	m.srv.uid = uid
	m.srv.mu.Unlock()
}

// ParseMessage reads one Manager frame from b, and returns its fields.
func ParseMessage(b []byte) ([][]byte, error) {
	m, err := readMessage(bufio.NewReader(bytes.NewReader(b)))
	return m.fields, err
}

// Frame builds a Manager frame of fields.
func Frame(fields ...[]byte) []byte {
	f := newFrame(byte(opDictSet), 1)
	for _, b := range fields {
		f.field(b)
	}
	return f.bytes()
}
