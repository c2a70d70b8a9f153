package dashboard

import (
	"sort"
	"time"

	"github.com/gocurrent/futures/executor"
)

// Snapshot is what the page shows at one moment, as the JSON of
// /api/stats and of each event of /api/events.
type Snapshot struct {
	Title     string          `json:"title"`
	Time      time.Time       `json:"time"`
	Executors []ExecutorState `json:"executors"`
	Progress  []ProgressState `json:"progress"`
}

// ExecutorState is one executor in a Snapshot.
type ExecutorState struct {
	Name      string        `json:"name"`
	Kind      string        `json:"kind"`
	Queued    int64         `json:"queued"`
	Running   int64         `json:"running"`
	Done      int64         `json:"done"`
	Failed    int64         `json:"failed"`
	Cancelled int64         `json:"cancelled"`
	P50       float64       `json:"p50_ms"`
	P90       float64       `json:"p90_ms"`
	P99       float64       `json:"p99_ms"`
	Max       float64       `json:"max_ms"`
	Workers   []WorkerState `json:"workers"`
	Errors    []ErrorState  `json:"errors"`
	Slowest   []SlowState   `json:"slowest"`

	// Throughput is the calls finished per second between consecutive
	// samples (one per interval while anyone watches), oldest first.
	Throughput []float64 `json:"throughput"`
}

// WorkerState is one worker in a Snapshot.
type WorkerState struct {
	Name      string  `json:"name"`
	PID       int     `json:"pid"`
	State     string  `json:"state"`
	Tasks     int64   `json:"tasks"`
	Failed    int64   `json:"failed"`
	Busy      float64 `json:"busy_s"`
	Idle      float64 `json:"idle_s"`
	Startup   float64 `json:"startup_s"`
	LastError string  `json:"last_error,omitempty"`
}

// SlowState is one of the slowest calls of an executor in a Snapshot.
type SlowState struct {
	Worker   string  `json:"worker"`
	Duration float64 `json:"ms"`
}

// ErrorState is one recent error in a Snapshot, newest first.
type ErrorState struct {
	Time   time.Time `json:"time"`
	Worker string    `json:"worker"`
	Error  string    `json:"error"`
	Stack  string    `json:"stack,omitempty"`
}

// ProgressState is one progress bar in a Snapshot.
type ProgressState struct {
	Name    string  `json:"name"`
	Done    int     `json:"done"`
	Total   int     `json:"total"`
	Elapsed float64 `json:"elapsed_s"`
}

// Snapshot returns what the page would show now.
func (d *Dashboard) Snapshot() Snapshot {
	d.mu.Lock()
	srcs := append([]source(nil), d.executors...)
	trackers := append([]*Tracker(nil), d.trackers...)
	d.mu.Unlock()
	now := time.Now()
	s := Snapshot{Title: d.cfg.title, Time: now, Executors: []ExecutorState{}, Progress: []ProgressState{}}
	finished := make([]int64, len(srcs))
	for i, src := range srcs {
		st := src.r.Stats()
		finished[i] = st.Finished()
		s.Executors = append(s.Executors, executorState(src, st))
	}
	for i, r := range d.history.record(now, finished) {
		s.Executors[i].Throughput = r
	}
	for _, t := range trackers {
		done, total := t.Done()
		end := now
		if e := t.ended.Load(); e != 0 {
			end = time.Unix(0, e)
		}
		s.Progress = append(s.Progress, ProgressState{Name: t.name, Done: done, Total: total, Elapsed: end.Sub(t.started).Seconds()})
	}
	return s
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func executorState(src source, st executor.Stats) ExecutorState {
	name := src.name
	if name == "" {
		name = st.Name
	}
	if name == "" {
		name = st.Kind
	}
	e := ExecutorState{
		Name: name, Kind: st.Kind, Queued: st.Queued, Running: st.Running,
		Done: st.Done, Failed: st.Failed, Cancelled: st.Cancelled,
		P50: ms(st.Durations.P50), P90: ms(st.Durations.P90), P99: ms(st.Durations.P99), Max: ms(st.Durations.Max),
		Workers: []WorkerState{}, Errors: []ErrorState{}, Slowest: []SlowState{},
	}
	for _, c := range st.Slowest {
		e.Slowest = append(e.Slowest, SlowState{Worker: c.Worker, Duration: ms(c.Duration)})
	}
	for _, w := range st.Workers {
		e.Workers = append(e.Workers, WorkerState{
			Name: w.Name, PID: w.PID, State: w.State.String(), Tasks: w.Tasks, Failed: w.Failed,
			Busy: w.Busy.Seconds(), Idle: w.Idle.Seconds(), Startup: w.Startup.Seconds(), LastError: w.LastError,
		})
	}
	for _, r := range st.Errors {
		e.Errors = append(e.Errors, ErrorState{Time: r.Time, Worker: r.Worker, Error: r.Error, Stack: r.Stack})
	}
	sort.SliceStable(e.Errors, func(i, j int) bool { return e.Errors[i].Time.After(e.Errors[j].Time) })
	return e
}
