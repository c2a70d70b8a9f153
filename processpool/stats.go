package processpool

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/wire"
)

// defaultName is the name of a pool without WithName.
const defaultName = "processpool"

var _ executor.StatsReporter = (*Pool)(nil)

// WithName names the pool in its Stats and its workers: worker n is
// "<name>-<n>", in Stats and in executor.WorkerFrom inside its tasks. The
// default is "processpool".
func WithName(name string) Option {
	return func(c *config) { c.name = name }
}

// Stats returns a snapshot of the pool's statistics: calls queued,
// running, done, failed and cancelled, each worker process's pid, state,
// calls, busy and idle time and last error, call durations and the recent
// errors with their stacks. Durations are measured in the parent, from
// sending a call to receiving its result; a chunk's time is shared out
// evenly among its items. It is safe for concurrent use and may be called
// after Shutdown.
func (p *Pool) Stats() executor.Stats { return p.stats.Stats() }

// name returns the pool's name.
func (p *Pool) name() string {
	if p.cfg.name == "" {
		return defaultName
	}
	return p.cfg.name
}

// newCollector makes the pool's Collector. Its queued calls are those of
// the queue and those sent ahead to a worker that have not started.
func (p *Pool) newCollector() {
	p.stats = executor.NewCollector("processpool", p.name(), func() int64 {
		p.mu.Lock()
		defer p.mu.Unlock()
		n := p.queue.calls
		for w := range p.workers {
			n += w.waiting()
		}
		return int64(n)
	})
}

// waiting returns the calls sent ahead to w that have not started: those
// after the first (the one it runs, counted running) whose claim words
// are still pending.
func (w *worker) waiting() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, inf := range w.win[min(1, len(w.win)):] {
		if !inf.recalled && inf.gate != nil && inf.gate.state() == claimPending {
			n += inf.count()
		}
	}
	return n
}

// identityEnv numbers w and returns the environment that tells its process
// who it is.
func (p *Pool) identityEnv(w *worker) []string {
	w.id = int(p.workerIDs.Add(1))
	return []string{envWorkerID + "=" + strconv.Itoa(w.id), envWorkerPool + "=" + p.name()}
}

// track registers w, whose process has started, with the pool's stats.
func (w *worker) track() {
	w.rec = w.p.stats.NewWorker(workerInfo(w.p.name(), w.id, w.pid))
}

func (w *worker) setState(s executor.WorkerState) {
	if w.rec != nil && w.rec.State() != s {
		w.rec.SetState(s)
	}
}

// begin records that inf was sent to w, idle until then.
func (w *worker) begin(inf *inflight) {
	inf.sent = time.Now()
	if w.rec != nil {
		w.setState(executor.WorkerBusy)
		w.rec.SetRunning(inf.count())
	}
}

// observe records the outcomes of inf carried by result r. A task sent
// ahead started when the one before it ended, so its time is counted from
// then.
func (w *worker) observe(inf *inflight, r *wire.Result) {
	now := time.Now()
	from := inf.sent
	if w.lastAt.After(from) {
		from = w.lastAt
	}
	w.lastAt = now
	if w.rec == nil {
		return
	}
	n := inf.count()
	d := now.Sub(from) / time.Duration(max(n, 1))
	failed := 0
	var seen map[int]bool // an item's first error counts, as in resultErrors
	if len(r.Errs) > 1 {
		seen = make(map[int]bool, len(r.Errs))
	}
	for _, we := range r.Errs {
		if we.Item < 0 || we.Item >= n || seen[we.Item] {
			continue // out of range: resultErrors refused the frame
		}
		if seen != nil {
			seen[we.Item] = true
		}
		failed++
		w.rec.Observe(d, fromWire(inf.e.name(), we, w.pid))
	}
	w.rec.ObserveN(n-failed, d)
	w.afterAnswer()
}

// observeSkipped records the answer to a call the worker did not run.
func (w *worker) observeSkipped() {
	w.lastAt = time.Now()
	if w.rec != nil {
		w.afterAnswer()
	}
}

// afterAnswer shows the worker running its next task, or idle. Calls
// taken back do not count: the worker skips them, and another runs them.
// The counts change under mu, as begin changes them, so that one reading
// an older window never overwrites what a newer one showed.
func (w *worker) afterAnswer() {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, inf := range w.win {
		if !inf.recalled {
			n = inf.count()
			break
		}
	}
	w.rec.SetRunning(n)
	if n == 0 {
		w.setState(executor.WorkerIdle)
	}
}

// observeFailed records that every call of inf failed with err (its
// worker died under it).
func (w *worker) observeFailed(inf *inflight, err error) {
	if w.rec == nil {
		return
	}
	for range inf.count() {
		w.rec.Observe(0, err)
	}
	w.rec.SetRunning(0)
}

// progress handles a Progress frame: the calls of the task w runs that
// have ended in the worker, before their result frame.
func (w *worker) progress() error {
	var pr wire.Progress
	if err := w.dec.Head(&pr); err != nil {
		return err
	}
	if err := w.dec.End(); err != nil {
		return err
	}
	var inf *inflight
	w.mu.Lock()
	if len(w.win) > 0 {
		inf = w.win[0]
	}
	w.mu.Unlock()
	if inf == nil || inf.id != pr.ID {
		return nil // the result overtook it: nothing to say any more
	}
	if pr.Done < 1 || pr.Done > inf.count() {
		return fmt.Errorf("%w: progress %d of a call of %d items", wire.ErrProtocol, pr.Done, inf.count())
	}
	if pt, ok := inf.t.(executor.ProgressTask); ok {
		pt.Progress(inf.index(pr.Done-1) + 1)
	}
	return nil
}

// discard records queued tasks that end without reaching a worker.
func (p *Pool) discard(pds []pending, err error) {
	n := 0
	for _, pd := range pds {
		n += pd.count()
	}
	p.stats.Discard(n, err)
}
