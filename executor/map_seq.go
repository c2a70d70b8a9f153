package executor

import (
	"context"
	"iter"
	"sync/atomic"
	"time"
)

// MapSeq is Map over an input sequence that it reads lazily, during the
// iteration, so that at most WithBufferSize inputs (default: twice the
// executor's workers) have been read and not yet yielded. It works on
// inputs that never end. Results come in input order; chunks default to
// one input (WithChunkSize). It is Python 3.14's Executor.map with
// buffersize. The WithTimeout deadline counts from the start of the
// iteration. Leaving the loop early cancels the calls not yet started and
// stops reading seq.
func MapSeq[A, R any](e Executor, fn func(context.Context, A) (R, error), seq iter.Seq[A], opts ...MapOption) iter.Seq2[R, error] {
	cfg := mapOptions(opts)
	if cfg.err != nil {
		return yieldErr[R](cfg.err)
	}
	buffer := cfg.buffer
	if buffer == 0 {
		buffer = 2 * workers(e)
	}
	size := max(cfg.chunk, 1)
	return func(yield func(R, error) bool) {
		r := newRun(cfg, fn)
		r.left.Store(1 << 62) // onDone is not used: chunks are waited for one by one
		defer r.leave()
		w := newWaiter(r.ctx, time.Now().Add(cfg.timeout), cfg.timeout)
		defer w.stop()
		s := &seqState[A, R]{r: r, w: w, yield: yield}
		var batch []A
		for a := range seq {
			batch = append(batch, a)
			if len(batch) < size && s.inflight+len(batch) < buffer {
				continue
			}
			if !s.submit(e, batch) {
				return
			}
			batch = nil
			for s.inflight >= buffer {
				if !s.emit() {
					return
				}
			}
		}
		if len(batch) > 0 && !s.submit(e, batch) {
			return
		}
		for len(s.queue) > 0 {
			if !s.emit() {
				return
			}
		}
	}
}

// seqState is one iteration of MapSeq: the chunks handed to the executor
// and not yet yielded, oldest first.
type seqState[A, R any] struct {
	r        *run[A, R]
	w        *waiter
	yield    func(R, error) bool
	queue    []*chunk[A, R]
	inflight int // inputs in queue
	read     int // inputs read so far
}

// submit hands batch to e. If e refuses it, the chunks already accepted
// are yielded, then the error, and submit returns false.
func (s *seqState[A, R]) submit(e Executor, batch []A) bool {
	n := len(batch)
	c := newChunk(s.r, s.read, batch, make([]R, n), make([]error, n), make([]atomic.Uint32, n))
	if err := e.Execute(c); err != nil {
		for len(s.queue) > 0 {
			if !s.emit() {
				return false
			}
		}
		var zero R
		s.yield(zero, err)
		return false
	}
	s.read += len(batch)
	s.queue = append(s.queue, c)
	s.inflight += len(batch)
	return true
}

// emit waits for the oldest chunk and yields its outcomes; false means stop.
func (s *seqState[A, R]) emit() bool {
	c := s.queue[0]
	s.queue[0] = nil
	s.queue = s.queue[1:]
	s.inflight -= len(c.args)
	if err := s.w.wait(c.done); err != nil {
		var zero R
		s.yield(zero, err)
		return false
	}
	for i := range c.args {
		if !s.yield(c.results[i], c.errs[i]) {
			return false
		}
	}
	return true
}
