package threadpool

import (
	"fmt"
	"runtime"
)

// Option configures a Pool made by New.
type Option func(*config)

type config struct {
	maxWorkers int
	init       func() error
	name       string
	queueSize  int // 0: unbounded
	queueSet   bool
	initSet    bool
	noStats    bool // WithStats(false)
}

// validate panics on a configuration no pool can have: these are mistakes
// in the program, not conditions to handle at run time.
func (c *config) validate() {
	switch {
	case c.maxWorkers < 1:
		panic(fmt.Sprintf("threadpool: WithMaxWorkers(%d): a pool needs at least one worker", c.maxWorkers))
	case c.queueSet && c.queueSize < 1:
		panic(fmt.Sprintf("threadpool: WithQueueSize(%d): the queue must hold at least one task", c.queueSize))
	case c.initSet && c.init == nil:
		panic("threadpool: WithInitializer(nil): pass a function, or leave the option out")
	}
}

func defaultConfig() config {
	return config{maxWorkers: min(32, runtime.GOMAXPROCS(0)+4), name: "threadpool"}
}

// WithMaxWorkers sets the most goroutines that run tasks at once. The
// default is min(32, GOMAXPROCS+4), as Python's ThreadPoolExecutor. New
// panics if n < 1.
func WithMaxWorkers(n int) Option {
	return func(c *config) { c.maxWorkers = n }
}

// WithInitializer makes every worker call fn once, before its first task.
// New panics if fn is nil.
// If fn returns an error or panics, the pool is broken: tasks not started
// fail with ErrBrokenPool, Submit returns it, and the failure is logged
// with log/slog. It is Python's initializer argument.
func WithInitializer(fn func() error) Option {
	return func(c *config) { c.init, c.initSet = fn, true }
}

// WithName sets the prefix of the pprof labels of the pool's workers: each
// runs with the labels threadpool=name and worker=N, so goroutine and CPU
// profiles show which pool the work belongs to. The default is
// "threadpool". It is Python's thread_name_prefix.
func WithName(name string) Option {
	return func(c *config) { c.name = name }
}

// WithQueueSize bounds the tasks waiting for a worker to n. Once n are
// waiting, Submit blocks until a worker takes one, SubmitContext gives up
// with its context's error when its context ends, and both return
// ErrShutdown if the pool shuts down meanwhile. Without it the queue is
// unbounded and Submit never blocks. New panics if n < 1.
//
// A task that submits into its own pool can block there while the queue is
// full, holding its worker; if every worker does so, nothing drains the
// queue and they wait forever. Tasks that submit into their own bounded
// pool should use SubmitContext with a deadline, or submit into a
// different pool.
func WithQueueSize(n int) Option {
	return func(c *config) { c.queueSize, c.queueSet = n, true }
}
