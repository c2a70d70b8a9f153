package shared

import (
	"fmt"
	"net"
	"os"
	"sync"

	"github.com/google/uuid"
)

// Manager serves Dicts, Lists and Queues of any gob-encodable type to the
// processes of this machine and user, as Python's multiprocessing.Manager:
// the process that calls NewManager holds the objects, and the others
// reach them through proxies (a *Dict, *List or *Queue passed in a task's
// argument) that connect to it lazily, over a Unix socket in Linux's
// abstract namespace: no file in the file system, and a connection from
// another user is refused (the kernel tells the server the peer's user).
// Nothing secret is passed on a command line or in the environment; the
// socket's random name travels only inside task arguments.
//
// A Manager's methods are safe for concurrent use. Close it when done:
// Python's shutdown().
type Manager struct {
	addr string
	srv  *server
}

// NewManager starts a Manager's server in this process: a goroutine
// accepting connections and one per connected process. It returns
// ErrUnsupported on systems other than Linux.
func NewManager() (*Manager, error) {
	if !managerSupported {
		return nil, ErrUnsupported
	}
	addr := "@gocurrent-futures-manager-" + uuid.NewString()
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: addr, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("shared: starting a manager: %w", err)
	}
	srv := &server{ln: ln, uid: os.Getuid(), objs: map[uint32]any{}, conns: map[*sconn]struct{}{}}
	srv.wg.Add(1)
	go srv.serve()
	return &Manager{addr: addr, srv: srv}, nil
}

// Close stops the Manager: its objects are dropped, a proxy blocked in a
// Queue returns ErrClosed at once, and every later call on a proxy of it,
// in any process, returns ErrClosed. It waits for the server's goroutines
// to end. A second Close returns ErrClosed.
func (m *Manager) Close() error {
	err := m.srv.close()
	clients.forget(m.addr)
	return err
}

// add registers a new object of the server and returns its proxy.
func (m *Manager) add(obj any, typ string) (proxy, error) {
	id, err := m.srv.add(obj)
	if err != nil {
		return proxy{}, err
	}
	return proxy{addr: m.addr, id: id, typ: typ}, nil
}

// clients holds this process's connections to each manager it reached.
var clients = clientTable{byAddr: map[string]*client{}}

type clientTable struct {
	mu     sync.Mutex
	byAddr map[string]*client
}

func (t *clientTable) get(addr string) *client {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.byAddr[addr]
	if c == nil {
		c = &client{addr: addr}
		t.byAddr[addr] = c
	}
	return c
}

// forget closes the idle connections to a manager that is closed.
func (t *clientTable) forget(addr string) {
	t.mu.Lock()
	c := t.byAddr[addr]
	delete(t.byAddr, addr)
	t.mu.Unlock()
	if c != nil {
		c.closeIdle()
	}
}
