package processpool

import (
	"context"
	"time"

	"github.com/gocurrent/futures/executor"
)

// pending is a task waiting for a worker. Once claimed, its calls idx
// (nil: all) are running as far as their futures know, and it must be
// sent to a worker or failed: it can no longer be cancelled.
type pending struct {
	t       executor.Task
	e       entry
	idx     []int
	claimed bool
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

// count returns the number of calls to send: the claimed ones.
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

// inflight is a task sent to a worker.
type inflight struct {
	pending
	id    uint64
	stop  func() bool // stops watching the task's context
	grace *time.Timer // kills the worker if the task outlives its context
	sent  time.Time   // when it was sent, for its duration
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
