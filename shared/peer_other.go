//go:build !linux

package shared

import "net"

const managerSupported = false

func peerUID(*net.UnixConn) (int, error) { return 0, ErrUnsupported }
