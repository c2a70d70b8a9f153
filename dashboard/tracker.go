package dashboard

import (
	"sync/atomic"
	"time"
)

// Tracker is one progress bar of a Dashboard, made by Dashboard.Track. It
// is safe for concurrent use.
type Tracker struct {
	d       *Dashboard // sampled now and then as progress is made
	name    string
	started time.Time
	done    atomic.Int64
	total   atomic.Int64
	ended   atomic.Int64 // Unix nanoseconds when done reached total; 0 before
}

func newTracker(name string, d *Dashboard) *Tracker {
	t := &Tracker{d: d, name: name, started: time.Now()}
	t.total.Store(-1)
	return t
}

// Name returns the name given to Track.
func (t *Tracker) Name() string { return t.name }

// Progress records that done of total items are done; total < 0 means not
// known yet. It has the shape of executor.WithProgress's function. Now
// and then (once per interval at most) it also samples the executors'
// throughput, so that a page opened later shows the whole run.
func (t *Tracker) Progress(done, total int) {
	t.total.Store(int64(total))
	t.done.Store(int64(done))
	now := time.Now()
	if total >= 0 && done >= total {
		t.ended.CompareAndSwap(0, now.UnixNano())
	}
	if t.d.history.due(now) {
		t.d.Snapshot()
	}
}

// Add records n more items done, for work that counts by itself.
func (t *Tracker) Add(n int) { t.done.Add(int64(n)) }

// SetTotal sets the number of items; n < 0 means not known.
func (t *Tracker) SetTotal(n int) { t.total.Store(int64(n)) }

// Done returns the items done so far and the total (-1 if not known).
func (t *Tracker) Done() (done, total int) {
	return int(t.done.Load()), int(t.total.Load())
}
