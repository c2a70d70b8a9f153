package shared

import "syscall"

const managerSupported = true

// peerUID returns the user of the process at the other end of the socket
// fd, as the kernel recorded it when that process connected.
func peerUID(fd int) (int, error) {
	cred, err := syscall.GetsockoptUcred(fd, syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	if err != nil {
		return 0, err
	}
	return int(cred.Uid), nil
}
