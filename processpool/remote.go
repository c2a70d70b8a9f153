package processpool

import (
	"github.com/gocurrent/futures/internal/registry"
	"github.com/gocurrent/futures/internal/wire"
)

// The error codec lives in internal/registry, shared with the cluster
// executor, so that errors cross the same way on both.

// toWire describes call item's error for the parent. It runs in the worker.
func toWire(item int, err error, stacks *int) wire.Error { return registry.ToWire(item, err, stacks) }

// fromWire rebuilds an error described by a worker. It runs in the parent.
func fromWire(key string, we wire.Error, pid int) error { return registry.FromWire(key, we, pid) }
