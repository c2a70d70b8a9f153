package threadpool

import (
	"os"
	"strconv"

	"github.com/gocurrent/futures/executor"
)

var _ executor.StatsReporter = (*Pool)(nil)

// WithStats turns the pool's statistics (Stats) and the worker identity
// its tasks read with executor.WorkerFrom on or off. They are on by
// default and cost a few per cent of workload A of the benchmarks (100k
// trivial Submits; see BenchmarkStatsOverhead); off, Stats returns only
// the pool's kind and name.
func WithStats(on bool) Option {
	return func(c *config) { c.noStats = !on }
}

// Stats returns a snapshot of the pool's statistics: calls queued,
// running, done, failed and cancelled, each worker's state, calls, busy
// and idle time and last error, call durations and the recent errors
// with their stacks. It is safe for concurrent use and may be called
// after Shutdown.
func (p *Pool) Stats() executor.Stats {
	if p.stats == nil {
		return executor.Stats{Kind: "threadpool", Name: p.cfg.name}
	}
	return p.stats.Stats()
}

// newCollector makes the pool's Collector, or nil with WithStats(false).
func (p *Pool) newCollector() {
	if p.cfg.noStats {
		return
	}
	p.stats = executor.NewCollector("threadpool", p.cfg.name, func() int64 {
		p.mu.Lock()
		defer p.mu.Unlock()
		return int64(p.queuedCalls)
	})
}

// newWorker registers worker id with the Collector; nil without stats.
func (p *Pool) newWorker(id int) *executor.Worker {
	if p.stats == nil {
		return nil
	}
	return p.stats.NewWorker(executor.WorkerInfo{
		ID:   id,
		Name: p.cfg.name + "-" + strconv.Itoa(id),
		PID:  os.Getpid(),
	})
}

// setState moves rec to s if it is not there. A worker that goes idle or
// exits publishes its count of calls first, so that Stats is exact while
// no call runs.
func setState(rec *executor.Worker, s executor.WorkerState) {
	if rec != nil && rec.State() != s {
		if s != executor.WorkerBusy {
			rec.Flush()
		}
		rec.SetState(s)
	}
}

// discard records tasks that end without running: cancelled in the queue,
// or failed because the pool broke.
func (p *Pool) discard(ts []executor.Task, err error) {
	if p.stats == nil {
		return
	}
	n := 0
	for _, t := range ts {
		n += t.Len()
	}
	p.stats.Discard(n, err)
}
