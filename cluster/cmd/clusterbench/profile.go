package main

import (
	"context"
	"os"
	"runtime/pprof"
	"sync"

	"github.com/gocurrent/futures/cluster"
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

// inProcess is -inproc, countMsgs -msgs.
var inProcess, countMsgs bool

// newCluster starts the cluster executor with 2 workers: processes, or
// with -inproc goroutines running Serve.
func newCluster(conc, prefetch int) (*cluster.Executor, func(), error) {
	opts := []cluster.Option{cluster.WithConcurrency(conc), cluster.WithPrefetch(prefetch)}
	if !inProcess {
		e, err := cluster.New(append(opts, cluster.WithWorkers(2))...)
		return e, func() {}, err
	}
	e, err := cluster.New(append(opts, cluster.WithWorkers(0))...)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { _ = cluster.Serve(ctx, e.URL(), opts...) })
	}
	return e, func() { cancel(); wg.Wait() }, nil
}
