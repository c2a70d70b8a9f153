//go:build !linux

package shared

import (
	"net"
	"time"
)

const (
	clientSpin = 0
	serverSpin = 0
)

type rawConn struct{ fd int }

func dialRaw(string, time.Duration) (*rawConn, error)            { return nil, ErrUnsupported }
func rawFromConn(*net.UnixConn, time.Duration) (*rawConn, error) { return nil, ErrUnsupported }
func (c *rawConn) Read([]byte) (int, error)                      { return 0, ErrUnsupported }
func (c *rawConn) Write([]byte) (int, error)                     { return 0, ErrUnsupported }
func (c *rawConn) Shutdown()                                     {}
func (c *rawConn) Close() error                                  { return nil }
