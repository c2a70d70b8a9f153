package executor

import (
	"slices"
	"time"
)

// maxSlowest is how many of the slowest calls a Collector keeps.
const maxSlowest = 5

// SlowCall is one of the slowest calls in Stats.Slowest.
type SlowCall struct {
	Worker   string        // the worker that ran it
	Duration time.Duration // how long it took
	Ended    time.Time     // when it ended
}

// noteSlow keeps a call of d among the slowest if it is. Workers call it
// only for calls slower than the slowest kept so far (c.slowMin), so it
// takes the lock rarely once the list is full.
func (c *Collector) noteSlow(worker string, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slowest = append(c.slowest, SlowCall{Worker: worker, Duration: d, Ended: time.Now()})
	slices.SortFunc(c.slowest, func(a, b SlowCall) int { return int(b.Duration - a.Duration) })
	if len(c.slowest) > maxSlowest {
		c.slowest = c.slowest[:maxSlowest]
	}
	if len(c.slowest) == maxSlowest {
		c.slowMin.Store(int64(c.slowest[maxSlowest-1].Duration))
	}
}

// timed records n timed calls of w that took d each.
func (w *Worker) timed(d time.Duration, n int64) {
	w.hist.addN(d, n)
	if int64(d) > w.c.slowMin.Load() {
		w.c.noteSlow(w.info.Name, d)
	}
}
