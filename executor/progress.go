package executor

import (
	"sync"
	"sync/atomic"
)

// WithProgress makes Map and its relatives (MapUnordered, MapAsync,
// MapAll, MapSeq) call fn(done, total) as inputs finish, item by item even
// when the inputs travel to a worker process in chunks: the process pool
// reports a chunk's progress while it runs (every 50ms). A chunk of more
// than 100 inputs reports in steps of a hundredth of itself, so that the
// bar still moves smoothly and a map of tiny calls stays cheap. done counts the inputs whose
// call ended (returned, failed or was cancelled); total is the number of
// inputs, or -1 for MapSeq, which does not know it. fn is called once with
// done == 0 when the map starts, and last with done == total.
//
// Calls of fn are serialised and done only grows, so fn may set a progress
// bar without locking; a value may be skipped when two inputs finish at
// once. fn runs in the goroutine that finished the input (a worker), so
// it must be quick and must not wait for the map. A nil fn is ignored.
func WithProgress(fn func(done, total int)) MapOption {
	return func(c *mapConfig) { c.progress = fn }
}

// ProgressTask is implemented by the Tasks of this package. An executor
// that runs a task's calls elsewhere and learns, before their outcomes
// arrive, that the first done calls have ended, reports it with
// Progress, so that WithProgress advances item by item while a chunk
// travels as one. The outcomes still arrive through Finish or Fail.
type ProgressTask interface {
	Task

	// Progress says that the first done calls of the task have ended. It
	// is a hint: smaller values than already known are ignored. It is
	// safe for concurrent use.
	Progress(done int)
}

var _ ProgressTask = (*chunk[int, int])(nil)

// progress is the WithProgress state of one map.
type progress struct {
	fn    func(done, total int)
	total int
	done  atomic.Int64

	mu   sync.Mutex
	last int // the last done reported
}

// newProgress returns nil if fn is nil: the map then pays one nil check
// per input.
func newProgress(fn func(done, total int)) *progress {
	if fn == nil {
		return nil
	}
	return &progress{fn: fn, last: -1}
}

// begin sets the total and reports the start.
func (p *progress) begin(total int) {
	if p == nil {
		return
	}
	p.total = total
	p.report(0)
}

// add counts n more inputs done. A worker that finds another reporting
// leaves the report to it rather than wait: the reporter looks again once
// it is done, so the last count is always reported.
func (p *progress) add(n int) {
	p.done.Add(int64(n))
	for p.mu.TryLock() {
		done := int(p.done.Load())
		if done > p.last {
			p.last = done
			p.fn(done, p.total)
		}
		p.mu.Unlock()
		if int(p.done.Load()) <= done {
			return
		}
	}
}

// report reports done at once, waiting for another report to end.
func (p *progress) report(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if done > p.last {
		p.last = done
		p.fn(done, p.total)
	}
}

// advance says that the first k calls of c have ended. A chunk of more
// than 100 calls reports in steps of a hundredth of itself, so that a
// map of many small calls does not spend more on its progress than on
// its calls.
func (c *chunk[A, R]) advance(k int) {
	if c.r.prog == nil {
		return
	}
	n := len(c.args)
	for {
		old := c.reported.Load()
		if int32(k) <= old || (k < n && k-int(old) < n/100) {
			return
		}
		if c.reported.CompareAndSwap(old, int32(k)) {
			c.r.prog.add(k - int(old))
			return
		}
	}
}

// Progress implements ProgressTask.
func (c *chunk[A, R]) Progress(done int) { c.advance(min(done, len(c.args))) }
