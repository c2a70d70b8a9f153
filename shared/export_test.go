package shared

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
