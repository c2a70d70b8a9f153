package dashboard

import (
	"sync"
	"sync/atomic"
	"time"
)

// historyLen is how many samples of each executor's throughput a
// Dashboard keeps: two minutes at the default interval.
const historyLen = 240

// history is the throughput of each executor over time, sampled at most
// once per interval whenever a snapshot is taken: by an open page, by
// /api/stats, or by a Tracker's progress, so that a page opened late still
// shows what came before.
type history struct {
	interval time.Duration
	last     atomic.Int64 // Unix nanoseconds of the last sample

	mu     sync.Mutex
	series []series // by executor, in the order they were added
}

// series is one executor's samples, oldest first.
type series struct {
	times    []time.Time
	finished []int64
}

// due says whether a new sample is due at now.
func (h *history) due(now time.Time) bool {
	return now.UnixNano()-h.last.Load() >= int64(h.interval)
}

// record adds a sample of every executor's finished calls if one is due,
// and returns each executor's throughput in calls per second between
// consecutive samples, oldest first.
func (h *history) record(now time.Time, finished []int64) [][]float64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	for len(h.series) < len(finished) {
		h.series = append(h.series, series{})
	}
	if h.due(now) {
		h.last.Store(now.UnixNano())
		for i, n := range finished {
			s := &h.series[i]
			s.times = append(s.times, now)
			s.finished = append(s.finished, n)
			if len(s.times) > historyLen+1 {
				s.times, s.finished = s.times[1:], s.finished[1:]
			}
		}
	}
	rates := make([][]float64, len(finished))
	for i := range finished {
		rates[i] = h.series[i].rates()
	}
	return rates
}

func (s *series) rates() []float64 {
	r := make([]float64, 0, max(len(s.times)-1, 0))
	for i := 1; i < len(s.times); i++ {
		dt := s.times[i].Sub(s.times[i-1]).Seconds()
		if dt <= 0 {
			r = append(r, 0)
			continue
		}
		r = append(r, float64(max(s.finished[i]-s.finished[i-1], 0))/dt)
	}
	return r
}
