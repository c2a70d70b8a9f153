package processpool

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/gocurrent/futures/internal/wire"
)

// Option configures a Pool made by New. An invalid option makes New return
// an error.
type Option func(*config)

type config struct {
	maxWorkers int
	maxTasks   int // 0: no limit
	grace      time.Duration
	stall      time.Duration // the most a frame from a worker may stall once begun
	init       *initializer
	exe        string // the workers' executable; "" means os.Executable()
	err        error  // the first invalid option
}

// initializer is WithInitializer's function and argument.
type initializer struct {
	e    entry
	send func(*wire.Encoder) (wire.Layout, error)
}

// defaultStall bounds the wait for the rest of a frame a worker began: a
// worker writes each frame at once, so one that stops mid-frame for this
// long sent garbage (a task that wrote to the pool's pipe, say), and is
// killed, failing its task, rather than leave its future and Shutdown
// waiting for ever.
const defaultStall = 10 * time.Second

func defaultConfig() config {
	return config{maxWorkers: runtime.NumCPU(), grace: 5 * time.Second, stall: defaultStall}
}

func (c *config) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("processpool: "+format, args...)
	}
}

// WithMaxWorkers sets the most worker processes, and so the most calls
// running at once. The default is runtime.NumCPU(), as Python's. n < 1
// makes New fail.
func WithMaxWorkers(n int) Option {
	return func(c *config) {
		if n < 1 {
			c.fail("WithMaxWorkers(%d): a pool needs at least one worker", n)
		}
		c.maxWorkers = n
	}
}

// WithMaxTasksPerWorker makes a worker process exit after n tasks (a Map
// chunk counts as one task), and the pool start a fresh one when there is
// more work: it bounds what a leaky task can accumulate. The default is no
// limit. It is Python's max_tasks_per_child. n < 1 makes New fail.
func WithMaxTasksPerWorker(n int) Option {
	return func(c *config) {
		if n < 1 {
			c.fail("WithMaxTasksPerWorker(%d): a worker must run at least one task", n)
		}
		c.maxTasks = n
	}
}

// WithCancelGrace sets how long a task may go on after its context ended
// (SubmitContext's ctx, or Map's WithContext) before the pool kills its
// worker process and fails the task with an *ExitError whose Cause wraps
// the context's error; the pool then starts another worker. A task that
// honours its ctx returns well within it. The default is 5 seconds; d <= 0
// means never kill.
func WithCancelGrace(d time.Duration) Option {
	return func(c *config) { c.grace = d }
}

// WithInitializer makes every worker process call fn(ctx, arg) once, before
// its first task; its result is discarded. fn must be registered with
// Register and arg must be encodable, else New fails. If fn fails in a
// worker, the pool is broken (ErrBrokenPool): tasks not started fail and
// Submit returns the error. It is Python's initializer and initargs.
func WithInitializer[A, R any](fn func(context.Context, A) (R, error), arg A) Option {
	return func(c *config) {
		e, err := lookup(fn)
		if err != nil {
			c.fail("WithInitializer: %v", err)
			return
		}
		if _, err := wire.EncodeValue(wire.NewProbe(), arg); err != nil {
			c.fail("WithInitializer(%s): the argument cannot be encoded: %v", shortName(e.name()), err)
			return
		}
		c.init = &initializer{e: e, send: func(enc *wire.Encoder) (wire.Layout, error) {
			return wire.EncodeValue(enc, arg)
		}}
	}
}
