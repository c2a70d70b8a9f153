package callback

import (
	"context"
	"errors"
	"sync"
)

// errBreak reports that the consumer of a pipeline left its loop.
var errBreak = errors.New("callback: the loop was left")

// item is one input travelling through a pipeline.
type item struct {
	idx   int   // position in the input
	stage int   // the stage it is in
	val   any   // the input, then each stage's result
	err   error // a *StageError once a stage failed it
}

// work is a move of an item still to be made by the goroutine that drives
// the pipeline at that moment.
type work struct {
	it   *item
	k    int  // the stage it enters; len(stages): it is finished
	held bool // it already holds a slot of stage k, handed over by an item that left
}

// slots counts a stage's items against its limit.
type slots struct {
	active int     // items in the stage: queued on its executor or running
	queue  []*item // items waiting for a slot, oldest first
}

// run is one iteration of a Pipeline. No goroutine of its own drives it:
// the consumer's goroutine reads inputs and runs first stages, and each
// goroutine that finishes an item's stage (an executor's worker, or the
// consumer's for inline stages) moves it on and starts the item that was
// waiting for its slot.
type run struct {
	ctx     context.Context // ends when the consumer leaves or its context ends
	cancel  context.CancelFunc
	stages  []*stageDef
	ordered bool
	buffer  int // most items read and not yet delivered
	ready   chan struct{}

	mu    sync.Mutex
	slots []slots
	ring  []*item // ordered: finished items at idx % buffer
	fifo  []*item // unordered: finished items, oldest first
	next  int     // ordered: the position to deliver next

	inflight int // items read and not yet delivered; the consumer's alone
}

func newRun(ctx context.Context, stages []*stageDef, buffer int, ordered bool) *run {
	r := &run{stages: stages, ordered: ordered, buffer: buffer, ready: make(chan struct{}, 1)}
	r.ctx, r.cancel = context.WithCancel(ctx)
	r.slots = make([]slots, len(stages))
	if ordered {
		r.ring = make([]*item, buffer)
	}
	return r
}

// stopped reports whether the run has ended: nothing may start any more.
func (r *run) stopped() bool { return r.ctx.Err() != nil }

// drive makes the moves in ws, and those they lead to, in this goroutine.
// A loop rather than recursion keeps the stack flat however many items
// an inline stage runs one after another.
func (r *run) drive(ws []work) {
	for len(ws) > 0 {
		w := ws[len(ws)-1]
		ws = ws[:len(ws)-1]
		ws = r.move(w, ws)
	}
}

// move brings w.it into stage w.k: it finishes the item, queues it for a
// slot, runs the stage inline or hands it to the stage's executor.
func (r *run) move(w work, ws []work) []work {
	if r.stopped() {
		return ws
	}
	if w.k == len(r.stages) {
		r.finish(w.it)
		return ws
	}
	if !w.held && !r.acquire(w.it, w.k) {
		return ws
	}
	w.it.stage = w.k
	d := r.stages[w.k]
	if d.e == nil {
		return r.inline(w.it, ws)
	}
	if err := execute(d.e, d.task(r, w.it)); err != nil {
		return r.after(w.it, nil, err, ws)
	}
	return ws
}

// inline runs the item's stage in this goroutine. If the stage's function ends
// the goroutine (runtime.Goexit), the deferred call still fails the item
// and finishes the pending moves, so that the consumer is not left
// waiting.
func (r *run) inline(it *item, ws []work) []work {
	returned := false
	defer func() {
		if !returned {
			r.drive(r.after(it, nil, errGoexit, ws))
		}
	}()
	v, err := r.stages[it.stage].invoke(r.ctx, it.val)
	returned = true
	return r.after(it, v, err, ws)
}

// stageDone is called once by each stage task when its call is resolved.
func (r *run) stageDone(it *item, v any, err error) {
	r.drive(r.after(it, v, err, nil))
}

// after records the outcome of the item's current stage and appends the moves
// that follow: it goes on to the next stage, or to the end with a
// *StageError; its slot goes to the oldest item waiting for one, which
// moves first so that the stage stays busy.
func (r *run) after(it *item, v any, err error, ws []work) []work {
	k := it.stage
	if err != nil {
		it.val, it.err = nil, &StageError{Stage: k, Name: r.stages[k].name, Err: err}
		ws = append(ws, work{it: it, k: len(r.stages)})
	} else {
		it.val = v
		ws = append(ws, work{it: it, k: k + 1})
	}
	if next := r.release(k); next != nil {
		ws = append(ws, work{it: next, k: k, held: true})
	}
	return ws
}

// acquire takes a slot of stage k for it, or queues it and returns false.
func (r *run) acquire(it *item, k int) bool {
	limit := r.stages[k].limit
	if limit == 0 {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s := &r.slots[k]
	if s.active >= limit {
		s.queue = append(s.queue, it)
		return false
	}
	s.active++
	return true
}

// release gives up a slot of stage k. It returns the oldest item waiting
// for one, which takes the slot over, or nil.
func (r *run) release(k int) *item {
	if r.stages[k].limit == 0 {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s := &r.slots[k]
	if len(s.queue) == 0 {
		s.active--
		return nil
	}
	it := s.queue[0]
	s.queue[0] = nil
	s.queue = s.queue[1:]
	return it
}

// finish makes it available to the consumer and wakes it.
func (r *run) finish(it *item) {
	r.mu.Lock()
	if r.ordered {
		r.ring[it.idx%r.buffer] = it
	} else {
		r.fifo = append(r.fifo, it)
	}
	r.mu.Unlock()
	select {
	case r.ready <- struct{}{}:
	default: // the consumer has a wake-up pending already
	}
}

// take returns the next item to deliver, or nil if it is not finished.
func (r *run) take() *item {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ordered {
		i := r.next % r.buffer
		it := r.ring[i]
		if it != nil {
			r.ring[i] = nil
			r.next++
		}
		return it
	}
	if len(r.fifo) == 0 {
		return nil
	}
	it := r.fifo[0]
	r.fifo[0] = nil
	r.fifo = r.fifo[1:]
	return it
}

// deliver passes every finished item to emit and, while more reports
// true, waits for further ones. It returns errBreak if emit returned
// false, the context's error if it ended while waiting, or nil.
func (r *run) deliver(emit func(*item) bool, more func() bool) error {
	for {
		it := r.take()
		if it == nil {
			if !more() {
				return nil
			}
			select {
			case <-r.ready:
				continue
			case <-r.ctx.Done():
				return r.ctx.Err()
			}
		}
		r.inflight--
		if !emit(it) {
			return errBreak
		}
	}
}
