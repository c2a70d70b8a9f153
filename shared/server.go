package shared

import (
	"bufio"
	"log/slog"
	"net"
	"sync"
)

// server holds a Manager's objects and serves them. One mutex guards
// everything: each operation is a map or slice access, far cheaper than
// the round trip that brings it. Replies are written after mu is
// released, so that a client slow to read stalls only itself.
type server struct {
	ln *net.UnixListener

	mu     sync.Mutex
	uid    int // the only user allowed to connect
	closed bool
	objs   map[uint32]any // *dictObj, *listObj, *queueObj
	next   uint32
	conns  map[*sconn]struct{}
	wg     sync.WaitGroup // serve and each connection's loop
}

// sconn is the server's side of one connection, read with blocking system
// calls as a proxy's (see rawConn).
type sconn struct {
	c      *rawConn
	wmu    sync.Mutex // serialises writes, and guards closed
	closed bool       // the descriptor is closed: its number may be another file's
	w      *waiter    // the blocked Queue request of this connection; under server.mu
}

// reply is a frame to write to a connection once mu is released.
type reply struct {
	c *sconn
	b []byte
}

func (s *server) add(obj any) (uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, ErrClosed
	}
	s.next++
	s.objs[s.next] = obj
	return s.next, nil
}

func (s *server) serve() {
	defer s.wg.Done()
	for {
		uc, err := s.ln.AcceptUnix()
		if err != nil {
			return // closed
		}
		c, err := rawFromConn(uc, serverSpin)
		if err != nil {
			continue
		}
		s.mu.Lock()
		allowed := s.uid
		s.mu.Unlock()
		if uid, err := peerUID(c.fd); err != nil || uid != allowed {
			slog.Warn("shared: manager refused a connection from another user", "uid", uid, "err", err)
			c.Close()
			continue
		}
		sc := &sconn{c: c}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[sc] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.loop(sc)
	}
}

// loop reads the requests of one connection until it closes.
func (s *server) loop(c *sconn) {
	defer s.wg.Done()
	r := bufio.NewReader(c.c)
	for {
		m, err := readMessage(r)
		if err != nil {
			s.drop(c)
			return
		}
		s.mu.Lock()
		var out []reply
		if s.closed {
			out = []reply{{c, status1(stClosed)}}
		} else {
			out = s.handle(c, m)
		}
		s.mu.Unlock()
		for _, r := range out {
			r.c.send(r.b)
		}
	}
}

func (c *sconn) send(b []byte) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if !c.closed {
		_, _ = c.c.Write(b) // a failed write shows as the end of the reading loop
	}
}

// shutdown ends the connection; its loop then sees the end and closes it.
func (c *sconn) shutdown() {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if !c.closed {
		c.c.Shutdown()
	}
}

// close closes the descriptor; only the connection's loop calls it.
func (c *sconn) close() {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.closed = true
	_ = c.c.Close()
}

// drop forgets a connection that closed, and its blocked request.
func (s *server) drop(c *sconn) {
	s.mu.Lock()
	delete(s.conns, c)
	if c.w != nil {
		c.w.q.remove(c.w)
		c.w = nil
	}
	s.mu.Unlock()
	c.close()
}

// close stops the server: blocked requests are answered stClosed, the
// connections closed, and the goroutines waited for.
func (s *server) close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	s.objs = nil
	var out []*sconn
	for c := range s.conns {
		out = append(out, c)
	}
	s.mu.Unlock()
	s.ln.Close()
	for _, c := range out {
		c.send(status1(stClosed))
		c.shutdown()
	}
	s.wg.Wait()
	return nil
}

// handle performs one request. Called with mu held.
func (s *server) handle(c *sconn, m message) []reply {
	if op(m.head) == opCancel {
		return s.cancel(c)
	}
	switch o := s.objs[m.obj].(type) {
	case *dictObj:
		return []reply{{c, o.handle(m)}}
	case *listObj:
		return []reply{{c, o.handle(m)}}
	case *queueObj:
		return o.handle(c, m)
	}
	return []reply{{c, errReply("shared: no such manager object")}}
}

// cancel ends the connection's blocked request, if it is still blocked.
func (s *server) cancel(c *sconn) []reply {
	if c.w == nil {
		return nil // already answered
	}
	c.w.q.remove(c.w)
	c.w = nil
	return []reply{{c, status1(stCancelled)}}
}

func status1(st status) []byte { return newFrame(byte(st), 0).bytes() }

func errReply(msg string) []byte { return newFrame(byte(stErr), 0).field([]byte(msg)).bytes() }

func okReply(fields ...[]byte) []byte {
	f := newFrame(byte(stOK), 0)
	for _, b := range fields {
		f.field(b)
	}
	return f.bytes()
}
