package executor

import (
	"errors"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocurrent/futures/future"
)

// StatsReporter is implemented by executors that keep statistics: the
// thread pool and the process pool of this module do, and any other
// executor (a cluster, one written outside this module) can, most simply
// by keeping a [Collector]. Code that holds an Executor asks with a type
// assertion:
//
//	if r, ok := e.(executor.StatsReporter); ok { fmt.Println(r.Stats()) }
type StatsReporter interface {
	// Stats returns a snapshot of the executor's statistics. It is safe
	// for concurrent use, never blocks on running work, and may be called
	// after Shutdown.
	Stats() Stats
}

// Stats is a snapshot of an executor's work. Counts are of calls (one
// Submit is one call, a Map of n inputs is n calls), not of chunks.
type Stats struct {
	Kind      string        // the kind of executor: "threadpool", "processpool"
	Name      string        // the executor's name (its WithName option)
	Since     time.Time     // when the executor was made
	Queued    int64         // calls waiting for a worker
	Running   int64         // calls running now
	Done      int64         // calls that returned without error
	Failed    int64         // calls that failed (returned an error or panicked)
	Cancelled int64         // calls cancelled before they started
	Workers   []WorkerStats // the live workers, then the last few that exited
	Durations Durations     // how long calls took
	Slowest   []SlowCall    // the slowest timed calls, slowest first (mpire's insights)
	Errors    []ErrorRecord // the most recent failures, oldest first
}

// Finished returns the calls that ended in any way: Done, Failed and
// Cancelled together.
func (s Stats) Finished() int64 { return s.Done + s.Failed + s.Cancelled }

// WorkerState is the lifecycle state of a worker.
type WorkerState int32

// The states of a worker, in the order a worker goes through them (Idle
// and Busy alternate).
const (
	WorkerStarting WorkerState = iota // started, not yet ready (a process starting, an initializer running)
	WorkerIdle                        // waiting for work
	WorkerBusy                        // running a task
	WorkerExited                      // gone
)

var workerStateNames = [...]string{"starting", "idle", "busy", "exited"}

// String returns the state in lower case: "idle", "busy" and so on.
func (s WorkerState) String() string {
	if s < 0 || int(s) >= len(workerStateNames) {
		return "unknown"
	}
	return workerStateNames[s]
}

// WorkerStats is one worker's part of Stats.
type WorkerStats struct {
	WorkerInfo
	State     WorkerState
	Tasks     int64         // calls it ran (finished ones)
	Failed    int64         // of which failed
	Busy      time.Duration // time spent in calls (from the timed calls, see Durations)
	Idle      time.Duration // the rest of its life so far
	Started   time.Time     // when it started
	Startup   time.Duration // how long it took to become ready (a process's start, an initializer); 0 while starting
	LastError string        // the text of its last failure, "" if none
}

// ErrorRecord is one failed call in Stats.Errors.
type ErrorRecord struct {
	Time   time.Time
	Worker string // the name of the worker it ran on
	Error  string // the error's text
	Stack  string // the stack of a panic, or of a remote error, if known
}

// Durations summarises how long calls took. On the thread pool calls
// shorter than about 20 µs are sampled (one in 64 is timed), so
// that timing costs next to nothing; Count is the number of timed calls.
// The percentiles come from a histogram with four buckets per power of two
// and are within 20% of the true value.
type Durations struct {
	Count         int64
	P50, P90, P99 time.Duration
	Max           time.Duration
}

// maxErrors is how many recent failures a Collector keeps.
const maxErrors = 20

// maxExited is how many exited workers a Collector keeps.
const maxExited = 8

// Collector keeps the statistics of one executor: the thread pool and the
// process pool use one each, and an executor written elsewhere (the
// cluster executor of this project, or yours) can embed one to implement
// StatsReporter. Its methods are safe for concurrent use. The per-call
// counters live in each Worker, written by one goroutine, so that they
// cost a few nanoseconds and do not contend.
type Collector struct {
	kind, name string
	since      time.Time
	queued     func() int64 // the executor's queue length, in calls

	mu      sync.Mutex
	workers []*Worker // live ones
	exited  []*Worker // the last maxExited that exited
	gone    counts    // totals of workers dropped from exited
	errs    []ErrorRecord
	hist    histogram // of dropped workers
	slowest []SlowCall
	slowMin atomic.Int64 // the duration of the fastest of a full slowest list; 0 before
}

// NewCollector returns a Collector for an executor of the given kind and
// name. queued, if not nil, returns the calls waiting in the executor's
// queue; Stats calls it without holding any lock of the Collector.
func NewCollector(kind, name string, queued func() int64) *Collector {
	return &Collector{kind: kind, name: name, since: time.Now(), queued: queued}
}

// Name returns the executor's name given to NewCollector.
func (c *Collector) Name() string { return c.name }

// NewWorker registers a worker in state WorkerStarting and returns its
// recorder. info names it in Stats and in the tasks it runs (WorkerFrom);
// an empty info.Executor becomes the Collector's name, and an empty
// info.Name "<executor>-<ID>".
func (c *Collector) NewWorker(info WorkerInfo) *Worker {
	if info.Executor == "" {
		info.Executor = c.name
	}
	if info.Name == "" {
		info.Name = info.String()
	}
	now := time.Now()
	w := &Worker{c: c, info: info, started: now, slow: true} // time calls until one is fast
	w.ctx = WithWorker(nil, info)
	c.mu.Lock()
	c.workers = append(c.workers, w)
	c.mu.Unlock()
	return w
}

// Discard records n calls that ended without reaching a worker: cancelled
// in the queue (err is future.ErrCancelled), or failed with err because
// the executor broke or shut down.
func (c *Collector) Discard(n int, err error) {
	if n <= 0 {
		return
	}
	c.mu.Lock()
	if isCancelled(err) {
		c.gone.cancelled += int64(n)
		c.mu.Unlock()
		return
	}
	c.gone.failed += int64(n)
	c.mu.Unlock()
	c.record("", err)
}

// record keeps a failure among the recent errors.
func (c *Collector) record(worker string, err error) {
	r := ErrorRecord{Time: time.Now(), Worker: worker, Error: err.Error(), Stack: StackOf(err)}
	c.mu.Lock()
	if len(c.errs) == maxErrors {
		copy(c.errs, c.errs[1:])
		c.errs = c.errs[:maxErrors-1]
	}
	c.errs = append(c.errs, r)
	c.mu.Unlock()
}

// exit moves w from the live workers to the exited ones.
func (c *Collector) exit(w *Worker) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, x := range c.workers {
		if x == w {
			c.workers = append(c.workers[:i], c.workers[i+1:]...)
			break
		}
	}
	c.exited = append(c.exited, w)
	if len(c.exited) > maxExited {
		old := c.exited[0]
		c.exited = c.exited[1:]
		c.gone.add(old.counts())
		c.hist.merge(&old.hist)
	}
}

// Stats returns a snapshot of the statistics; see StatsReporter.
func (c *Collector) Stats() Stats {
	s := Stats{Kind: c.kind, Name: c.name, Since: c.since}
	if c.queued != nil {
		s.Queued = c.queued()
	}
	c.mu.Lock()
	all := append(append([]*Worker(nil), c.workers...), c.exited...)
	total := c.gone
	var h histogram
	h.merge(&c.hist)
	s.Errors = append([]ErrorRecord(nil), c.errs...)
	s.Slowest = append([]SlowCall(nil), c.slowest...)
	c.mu.Unlock()
	now := time.Now()
	for _, w := range all {
		ws := w.snapshot(now)
		s.Workers = append(s.Workers, ws)
		total.add(w.counts())
		h.merge(&w.hist)
		s.Running += w.inCall()
	}
	s.Done, s.Failed, s.Cancelled = total.done, total.failed, total.cancelled
	s.Durations = h.summary()
	sort.SliceStable(s.Workers, func(i, j int) bool {
		return s.Workers[i].State != WorkerExited && s.Workers[j].State == WorkerExited
	})
	return s
}

// counts are a worker's call outcomes.
type counts struct{ done, failed, cancelled int64 }

func (a *counts) add(b counts) {
	a.done += b.done
	a.failed += b.failed
	a.cancelled += b.cancelled
}

// StackOf returns the stack carried by err, or "" if it has none: the
// stack of a *PanicError, or of any error in err's chain with a method
// StackTrace() string (a process pool's remote error has one).
func StackOf(err error) string {
	var pe *PanicError
	if errors.As(err, &pe) {
		return string(pe.Stack)
	}
	var st interface{ StackTrace() string }
	if errors.As(err, &st) {
		return st.StackTrace()
	}
	return ""
}

// isCancelled says whether err is a cancellation rather than a failure.
func isCancelled(err error) bool { return errors.Is(err, future.ErrCancelled) }
