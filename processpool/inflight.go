package processpool

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/batch"
	"github.com/gocurrent/futures/internal/claim"
)

// pending is a task waiting for a worker.
//
// A task whose calls can be kept pending while they are in flight (every
// task of this module's packages: claim.Gated) is sent with a claim word
// (claims.go) and its calls are started only once its worker says it ran
// them; such a task may be sent ahead, to a worker still busy, and taken
// back. Any other task is claimed when it is sent, to an idle worker: its
// calls idx (nil: all) are then running as far as their futures know, and
// it must be sent to a worker or failed, no longer cancelled.
type pending struct {
	t       executor.Task
	e       entry
	idx     []int
	gated   claim.Gated // t, if it can be sent ahead
	taken   bool        // the pool accepted it: it is never refused, only resolved
	claimed bool
	big     bool // too large to send ahead: only an idle worker takes it
}

func newPending(t executor.Task, e entry) pending {
	pd := pending{t: t, e: e}
	pd.gated, _ = t.(claim.Gated)
	return pd
}

// claim starts the task's calls. It reports false if none could start
// (all cancelled): there is then nothing to send.
func (pd *pending) claim() bool {
	if pd.claimed {
		return true
	}
	n := pd.t.Len()
	if n == 1 {
		pd.claimed = pd.t.Start(0)
		return pd.claimed
	}
	var idx []int
	if b, ok := pd.t.(batch.Starter); ok {
		idx = b.StartCalls(nil)
		if idx != nil && len(idx) == 0 {
			return false
		}
		pd.idx, pd.claimed = idx, true
		return true
	}
	for i := range n {
		switch {
		case pd.t.Start(i):
			if idx != nil {
				idx = append(idx, i)
			}
		case idx == nil:
			idx = make([]int, i, n)
			for j := range i {
				idx[j] = j
			}
		}
	}
	if idx != nil && len(idx) == 0 {
		return false
	}
	pd.idx, pd.claimed = idx, true
	return true
}

// count returns the number of calls to send: the claimed ones, or all.
func (pd *pending) count() int {
	if pd.idx != nil {
		return len(pd.idx)
	}
	return pd.t.Len()
}

// index returns the task position of the k-th call sent.
func (pd *pending) index(k int) int {
	if pd.idx != nil {
		return pd.idx[k]
	}
	return k
}

// failAll fails every call of the task that is still the pool's to
// resolve: the claimed ones, or all if it was never claimed.
func (pd *pending) failAll(err error) {
	for k := range pd.count() {
		pd.t.Fail(pd.index(k), err)
	}
}

// inflight is a task sent to a worker. For a task of one call, it is
// the claim.Reader its future asks (see rest.go).
type inflight struct {
	pending
	w     *worker
	id    uint64
	gate  *slotGate // its claim word, &g; nil if it was claimed when sent
	g     slotGate
	stop  func() bool // stops watching the task's context
	grace *time.Timer // kills the worker if the task outlives its context
	sent  time.Time   // when it was sent to an idle worker, for its duration; zero if sent ahead
	size  int         // the size of its frame

	// Under the worker's mu:
	recalled bool // taken back and sent elsewhere: its answer is a skip, and resolves nothing
	unsent   bool // claimed, but its frame did not reach the worker: send it elsewhere

	onFuture atomic.Bool // its Gate is its future's: the future says how it is watched
	watched  atomic.Bool // the future is watched, not only waited for
}

var _ claim.Reader = (*inflight)(nil)

// Cancel is the Gate's: see slotGate.
func (inf *inflight) Cancel() bool { return inf.g.Cancel() }

// Started is the Gate's: see slotGate.
func (inf *inflight) Started() bool { return inf.g.Started() }

// Attach records that the task's future asks inf, and whether the future
// is watched already.
func (inf *inflight) Attach(watched bool) {
	inf.watched.Store(watched)
	inf.onFuture.Store(true)
}

// Watch records that the future is watched, and has the worker's answers
// read if no waiter reads them.
func (inf *inflight) Watch() {
	inf.watched.Store(true)
	inf.w.summon()
}

// Read lets the goroutine about to wait for the future read the answer.
func (inf *inflight) Read() { inf.w.readFor(inf) }

// quiet reports whether nothing but a waiter can need inf's answer: a
// call of one item, whose future nobody watches yet, and who will say if
// anybody does.
func (inf *inflight) quiet() bool {
	return inf.gate != nil && inf.count() == 1 && inf.onFuture.Load() && !inf.watched.Load()
}

// watch arranges for w to cancel the task in the worker when its context
// ends. Called with w.mu held.
func (inf *inflight) watch(w *worker) {
	ctx := inf.t.Context()
	if ctx == nil || ctx.Done() == nil {
		return
	}
	inf.stop = context.AfterFunc(ctx, func() { w.cancel(inf, ctx) })
}

// release stops watching the task. Called with w.mu held.
func (inf *inflight) release() {
	if inf.stop != nil {
		inf.stop()
	}
	if inf.grace != nil {
		inf.grace.Stop()
	}
}

// started starts the calls of a task sent ahead that its worker ran,
// before its claim word's slot can be reused: from now on the futures
// know them running. Calls that were resolved meanwhile (by Shutdown's
// Terminate, say) stay as they are; their results are dropped.
func (inf *inflight) started() {
	if inf.gate == nil {
		return
	}
	if b, ok := inf.t.(batch.Starter); ok && inf.count() > 1 {
		b.StartCalls(inf.idx)
		return
	}
	for k := range inf.count() {
		inf.t.Start(inf.index(k))
	}
}

// detach removes the claim word of a task taken back, before it is sent
// elsewhere: its futures no longer ask it (and its page may go with its
// worker).
func (inf *inflight) detach() {
	if inf.gated != nil {
		inf.gated.SetGate(nil)
	}
}
