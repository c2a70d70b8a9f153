//go:build !linux

package processpool

// waitExited returns at once where waitid cannot leave the process
// unreaped: Kill then has a moment, between the exit and the reaping,
// where it could signal a reused pid.
func waitExited(int) {}
