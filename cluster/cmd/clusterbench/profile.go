package main

import (
	"os"
	"runtime/pprof"
)

// cpuProfile is the file of -cpuprofile.
var cpuProfile string

// startProfile starts the CPU profile of -cpuprofile, if asked for, and
// returns what stops it.
func startProfile() func() {
	if cpuProfile == "" {
		return func() {}
	}
	f, err := os.Create(cpuProfile)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}
