package main

import (
	"context"
	"fmt"
	"io"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// newParsers returns the executor of the parse stage: a process pool, or
// with -cluster the cluster executor (the same registered Parse runs on
// both).
func newParsers(c config) (executor.Executor, error) {
	if !c.cluster {
		return processpool.New(processpool.WithMaxWorkers(c.parsers), processpool.WithName("parse"))
	}
	opts := []cluster.Option{cluster.WithWorkers(c.parsers)}
	if c.nats != "" {
		opts = append(opts, cluster.WithURL(c.nats))
	}
	return cluster.New(opts...)
}

// serveParse is -worker: this process runs parse calls for the crawlers
// of the cluster at c.worker until ctx ends.
func serveParse(ctx context.Context, c config, stdout io.Writer) error {
	fmt.Fprintf(stdout, "parse worker for %s: %d calls at once; Ctrl-C to stop\n", c.worker, max(1, c.parsers))
	return cluster.Serve(ctx, c.worker, cluster.WithConcurrency(max(1, c.parsers)))
}
