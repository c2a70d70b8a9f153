package callback

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/gocurrent/futures/executor"
)

// Pipeline runs every input through a fixed sequence of stages, each on
// its own executor with its own limit, and delivers each input's result
// or error. In is the first stage's argument type and Out the last
// stage's result type; the stages in between are checked by the
// constructors: NewPipeline, NewPipeline2 and NewPipeline3 for the common
// lengths, Append for more.
//
// The zero Pipeline has no stages and is not usable. A Pipeline is
// immutable and safe for concurrent use; each Run or
// RunUnordered is an independent iteration over its own inputs. It starts
// no goroutine: stages run on their executors, inline stages in the
// goroutine that finished the stage before, and the loop over the results
// reads the inputs.
type Pipeline[In, Out any] struct {
	stages []*stageDef
	buffer int // 0: the default of bufferSize
	cfg    pipelineConfig
}

// PipelineOption configures a Pipeline.
type PipelineOption func(*pipelineConfig)

type pipelineConfig struct {
	buffer   int
	progress func(done, total int) // WithProgress
	total    int                   // WithTotal
	totalSet bool
}

// WithBuffer bounds the items of one iteration that have been read from
// the inputs and not yet delivered to n: the pipeline reads the next input
// only when fewer are in flight. This is the backpressure that keeps a
// fast first stage from running ahead of a slow later one, and, for Run,
// the room for results waiting for an earlier input to be delivered in
// order. The default is twice the sum of the stages' limits, an unbounded
// stage counting 1. The constructors panic if n < 1.
func WithBuffer(n int) PipelineOption {
	return func(c *pipelineConfig) {
		if n < 1 {
			panic(fmt.Sprintf("callback: WithBuffer(%d): a pipeline must hold at least one item", n))
		}
		c.buffer = n
	}
}

// NewPipeline returns a pipeline of the single stage s; Append adds more.
// It panics if s is the zero Stage.
func NewPipeline[A, B any](s Stage[A, B], opts ...PipelineOption) *Pipeline[A, B] {
	var c pipelineConfig
	for _, opt := range opts {
		opt(&c)
	}
	return &Pipeline[A, B]{stages: []*stageDef{checkStage(s.d, 0)}, buffer: c.buffer, cfg: c}
}

// Append returns a pipeline of p's stages followed by s, with p's
// options; p is unchanged. It panics if s is the zero Stage.
func Append[A, B, C any](p *Pipeline[A, B], s Stage[B, C]) *Pipeline[A, C] {
	stages := append(slices.Clip(p.stages), checkStage(s.d, len(p.stages)))
	return &Pipeline[A, C]{stages: stages, buffer: p.buffer, cfg: p.cfg}
}

// NewPipeline2 returns the pipeline s1 then s2.
func NewPipeline2[A, B, C any](s1 Stage[A, B], s2 Stage[B, C], opts ...PipelineOption) *Pipeline[A, C] {
	return Append(NewPipeline(s1, opts...), s2)
}

// NewPipeline3 returns the pipeline s1, s2, then s3.
func NewPipeline3[A, B, C, D any](s1 Stage[A, B], s2 Stage[B, C], s3 Stage[C, D], opts ...PipelineOption) *Pipeline[A, D] {
	return Append(NewPipeline2(s1, s2, opts...), s3)
}

func checkStage(d *stageDef, k int) *stageDef {
	if d == nil {
		panic(fmt.Sprintf("callback: stage %d is the zero Stage; make stages with NewStage", k))
	}
	return d
}

// Run runs every input through the pipeline and yields each input's
// result, or the *StageError of the stage that failed it, in input order.
// A failed input skips the later stages; the others go on. Inputs are read
// lazily, during the iteration, and at most WithBuffer of them are in
// flight, so inputs may be endless.
//
// Leaving the loop early, or ctx ending, cancels the context that running
// calls see and keeps every call that has not started from starting; when
// ctx ends, Run yields ctx.Err() once and stops. The iteration starts no
// goroutine and leaves none behind; calls already running on an executor
// finish there. Each range over the returned sequence is a new iteration
// that ranges over inputs again. Ranging over the sequence of a zero
// Pipeline panics.
func (p *Pipeline[In, Out]) Run(ctx context.Context, inputs iter.Seq[In]) iter.Seq2[Out, error] {
	return func(yield func(Out, error) bool) {
		var zero Out
		err := p.iterate(ctx, inputs, true, func(it *item) bool {
			v, _ := it.val.(Out)
			return yield(v, it.err)
		})
		if err != nil {
			yield(zero, err)
		}
	}
}

// RunUnordered is Run yielding each input's position and outcome as soon
// as it is done, in no particular order. When ctx ends it yields
// (-1, executor.Result{Err: ctx.Err()}) once and stops.
func (p *Pipeline[In, Out]) RunUnordered(ctx context.Context, inputs iter.Seq[In]) iter.Seq2[int, executor.Result[Out]] {
	return func(yield func(int, executor.Result[Out]) bool) {
		err := p.iterate(ctx, inputs, false, func(it *item) bool {
			v, _ := it.val.(Out)
			return yield(it.idx, executor.Result[Out]{Value: v, Err: it.err})
		})
		if err != nil {
			yield(-1, executor.Result[Out]{Err: err})
		}
	}
}

// iterate runs one iteration, passing finished items to emit. It returns
// the context's error if ctx ended, or nil.
func (p *Pipeline[In, Out]) iterate(ctx context.Context, inputs iter.Seq[In], ordered bool, emit func(*item) bool) error {
	if len(p.stages) == 0 {
		panic("callback: a Pipeline without stages; make one with NewPipeline")
	}
	r := newRun(ctx, p.stages, p.bufferSize(), ordered)
	defer r.cancel()
	m := p.cfg.newMeter()
	if m != nil {
		inner := emit
		emit = func(it *item) bool {
			m.item()
			return inner(it)
		}
	}
	full := func() bool { return r.inflight >= r.buffer }
	idx := 0
	for x := range inputs {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		r.inflight++
		r.drive([]work{{it: &item{idx: idx, val: x}}})
		idx++
		// Deliver what is ready, and wait while the buffer is full. The
		// item is admitted first so that it makes progress while the
		// loop body runs.
		if err := r.deliver(emit, full); err != nil {
			return noBreak(err)
		}
	}
	m.ended(idx)
	return noBreak(r.deliver(emit, func() bool { return r.inflight > 0 }))
}

// noBreak maps errBreak, which needs no report, to nil.
func noBreak(err error) error {
	if err == errBreak {
		return nil
	}
	return err
}

// bufferSize returns WithBuffer's n or the default.
func (p *Pipeline[In, Out]) bufferSize() int {
	if p.buffer > 0 {
		return p.buffer
	}
	n := 0
	for _, d := range p.stages {
		n += max(d.limit, 1)
	}
	return 2 * n
}
