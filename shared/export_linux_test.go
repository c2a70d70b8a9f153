package shared

// Tag returns the owner tag process pid would write.
func Tag(pid uint32) uint64 {
	start, _, _ := procStart(pid)
	return uint64(pid)<<40 | start&startMask
}
