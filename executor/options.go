package executor

import (
	"context"
	"fmt"
	"time"
)

// MapOption changes how Map and its relatives run.
type MapOption func(*mapConfig)

type mapConfig struct {
	timeout  time.Duration
	chunk    int
	buffer   int
	ctx      context.Context
	progress func(done, total int)
	err      error // an invalid option, reported by the map instead of running
}

// WithTimeout sets one deadline for the whole map, counted from the call
// of Map (MapSeq: from the start of the iteration). When it passes, the
// input being waited for yields an error that errors.Is treats as
// future.ErrTimeout, the calls not yet started are cancelled, and the
// iteration stops. Zero or less means no limit.
func WithTimeout(d time.Duration) MapOption {
	return func(c *mapConfig) { c.timeout = d }
}

// WithChunkSize sets how many inputs go to the executor as one task (one
// round trip to a worker process). n < 1 is rejected: the map yields one
// error saying so and runs nothing. The default for Map is Pool.map's,
// len(args) / (4 * workers) rounded up, which keeps per-item cost low; use
// WithChunkSize(1) for long calls of uneven length, as Python's
// ThreadPoolExecutor.map does. MapSeq defaults to 1.
func WithChunkSize(n int) MapOption {
	return func(c *mapConfig) {
		if n < 1 && c.err == nil {
			c.err = fmt.Errorf("executor: WithChunkSize(%d): the chunk size must be at least 1", n)
		}
		c.chunk = n
	}
}

// WithBufferSize bounds how many inputs MapSeq has read but not yet
// yielded: it reads further input only as results are consumed, so it
// works on inputs that never end. n < 1 is rejected as WithChunkSize
// rejects it. The default is twice the executor's workers. It is Python
// 3.14's Executor.map buffersize; Map ignores it.
func WithBufferSize(n int) MapOption {
	return func(c *mapConfig) {
		if n < 1 && c.err == nil {
			c.err = fmt.Errorf("executor: WithBufferSize(%d): the buffer size must be at least 1", n)
		}
		c.buffer = n
	}
}

func mapOptions(opts []MapOption) mapConfig {
	var c mapConfig
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	return c
}

// chunkSize returns the chunk size for n inputs on e.
func (c mapConfig) chunkSize(e Executor, n int) int {
	if c.chunk > 0 {
		return c.chunk
	}
	return defaultChunk(n, workers(e))
}

// workers returns e's worker count, or a guess for executors that do not say.
func workers(e Executor) int {
	if s, ok := e.(Sizer); ok && s.MaxWorkers() > 0 {
		return s.MaxWorkers()
	}
	return 4
}

// defaultChunk is Pool.map's choice: four chunks per worker.
func defaultChunk(n, workers int) int {
	return max(1, (n+4*workers-1)/(4*workers))
}
