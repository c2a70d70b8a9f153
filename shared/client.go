package shared

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"sync"
)

// client is this process's side of one Manager: idle connections, reused
// one request at a time.
type client struct {
	addr   string
	mu     sync.Mutex
	idle   []*cconn
	closed bool // the Manager was closed in this process: keep no connection
}

type cconn struct {
	c *rawConn
	r *bufio.Reader
}

const maxIdle = 8

func (c *client) conn() (*cconn, error) {
	c.mu.Lock()
	if n := len(c.idle); n > 0 {
		cc := c.idle[n-1]
		c.idle = c.idle[:n-1]
		c.mu.Unlock()
		return cc, nil
	}
	c.mu.Unlock()
	conn, err := dialRaw(c.addr, clientSpin)
	if err != nil {
		// The socket's name is gone with the Manager.
		return nil, fmt.Errorf("%w: the manager is gone: %v", ErrClosed, err)
	}
	return &cconn{c: conn, r: bufio.NewReader(conn)}, nil
}

func (c *client) put(cc *cconn) {
	c.mu.Lock()
	if !c.closed && len(c.idle) < maxIdle {
		c.idle = append(c.idle, cc)
		cc = nil
	}
	c.mu.Unlock()
	if cc != nil {
		cc.c.Close()
	}
}

func (c *client) closeIdle() {
	c.mu.Lock()
	idle := c.idle
	c.idle, c.closed = nil, true
	c.mu.Unlock()
	for _, cc := range idle {
		cc.c.Close()
	}
}

// do sends one request and returns its reply.
func (c *client) do(req []byte) (message, error) {
	return c.doContext(context.Background(), req)
}

// doContext sends a request that may block, and sends opCancel if ctx
// ends first; the reply is then either the request's own (it won the
// race) or stCancelled, which doContext turns into ctx's error.
func (c *client) doContext(ctx context.Context, req []byte) (message, error) {
	cc, err := c.conn()
	if err != nil {
		return message{}, err
	}
	if _, err := cc.c.Write(req); err != nil {
		cc.c.Close()
		return message{}, fmt.Errorf("%w: the manager is gone: %v", ErrClosed, err)
	}
	var stop func() bool
	sent := make(chan struct{})
	if ctx.Done() != nil {
		stop = context.AfterFunc(ctx, func() {
			defer close(sent)
			_, _ = cc.c.Write(newFrame(byte(opCancel), 0).bytes())
		})
	}
	m, err := readMessage(cc.r)
	if stop != nil && !stop() {
		<-sent // the cancel frame is written before the connection is reused
	}
	if err != nil {
		cc.c.Close()
		return message{}, fmt.Errorf("%w: the manager is gone: %v", ErrClosed, err)
	}
	switch status(m.head) {
	case stClosed:
		cc.c.Close()
		return m, ErrClosed
	case stCancelled:
		c.put(cc)
		return m, ctx.Err()
	case stErr:
		c.put(cc)
		return m, errors.New(string(m.field(0)))
	case stRange:
		c.put(cc)
		return m, fmt.Errorf("%w: %s", ErrOutOfRange, m.field(0))
	}
	c.put(cc)
	return m, nil
}
