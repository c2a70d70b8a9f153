package processpool

import (
	"bytes"
	"runtime"
	"strconv"
)

// The pool's own goroutines (the spawner and the workers' readers) run
// done callbacks: Shutdown(true) called from one would wait for itself.

// own marks the calling goroutine as one of the pool's, which Shutdown
// cannot wait for, until the returned func is called.
func (p *Pool) own() func() {
	id := goid()
	p.mu.Lock()
	p.gids[id] = struct{}{}
	p.mu.Unlock()
	return func() {
		p.mu.Lock()
		delete(p.gids, id)
		p.mu.Unlock()
	}
}

// owns reports whether goroutine id is one of the pool's.
func (p *Pool) owns(id uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.gids[id]
	return ok
}

// goid returns the calling goroutine's id, parsed from its stack header
// ("goroutine 42 [running]:"). It costs about a microsecond: it runs once
// per pool goroutine and per Shutdown, never per task.
func goid() uint64 {
	var buf [64]byte
	b := bytes.TrimPrefix(buf[:runtime.Stack(buf[:], false)], []byte("goroutine "))
	id, _ := strconv.ParseUint(string(b[:max(0, bytes.IndexByte(b, ' '))]), 10, 64)
	return id
}
