//go:build !linux

package shared

const managerSupported = false

func peerUID(int) (int, error) { return 0, ErrUnsupported }
