//go:build unix

package bench_test

import (
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/gocurrent/futures/bench"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

// BenchmarkStatsOverhead measures what the thread pool's statistics (and
// worker identity) and Map's per-item progress cost: each iteration runs
// the workload with them on and with them off, in alternating order, so
// that the machine's noise falls on both alike, and reports the ratio
// on/off. The target is at most 1.05 for workload A.
func BenchmarkStatsOverhead(b *testing.B) {
	b.Run("workload-A", func(b *testing.B) {
		out := make([]int, bench.Tasks)
		pair(b, func(on bool) { aThreadpoolStats(b, out, on) })
	})
	b.Run("workload-B-progress", func(b *testing.B) {
		out := make([]int, bench.Tasks)
		pair(b, func(on bool) { bMapProgress(b, out, on) })
	})
}

// pair runs body(true) and body(false) once per iteration, each after a
// collection so that neither pays for the other's garbage, and reports
// their wall times per task and the medians of the iterations' ratios of
// wall time and of CPU time (the process's, all threads): on a shared
// machine a burst of another program's work moves a median less than a
// sum, and moves CPU time less than wall time.
func pair(b *testing.B, body func(on bool)) {
	var on, off time.Duration
	var wall, cpu []float64
	i := 0
	for b.Loop() {
		var w, c [2]time.Duration // [0] on, [1] off
		for _, v := range [2]bool{i%2 == 0, i%2 != 0} {
			k := 1
			if v {
				k = 0
			}
			runtime.GC()
			c0, start := cpuTime(), time.Now()
			body(v)
			w[k], c[k] = time.Since(start), cpuTime()-c0
		}
		on, off = on+w[0], off+w[1]
		wall = append(wall, float64(w[0])/float64(w[1]))
		cpu = append(cpu, float64(c[0])/float64(max(c[1], 1)))
		i++
	}
	n := float64(b.N) * bench.Tasks
	b.ReportMetric(float64(on.Nanoseconds())/n, "ns/task-on")
	b.ReportMetric(float64(off.Nanoseconds())/n, "ns/task-off")
	b.ReportMetric(median(wall), "on/off")
	b.ReportMetric(median(cpu), "cpu-on/off")
	b.ReportMetric(0, "ns/op")
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// aThreadpoolStats is workload A on a thread pool with stats on or off.
func aThreadpoolStats(tb testing.TB, out []int, on bool) {
	p := threadpool.New(threadpool.WithMaxWorkers(bench.Workers), threadpool.WithStats(on))
	futs := make([]*future.Future[int], len(out))
	for i := range futs {
		f, err := executor.Submit(p, bench.Double, i)
		if err != nil {
			tb.Fatal(err)
		}
		futs[i] = f
	}
	for i, f := range futs {
		v, err := f.Result(0)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = v
	}
	if err := p.Shutdown(true); err != nil {
		tb.Fatal(err)
	}
}

// bMapProgress is workload B (an ordered Map) with stats and per-item
// progress on, or both off.
func bMapProgress(tb testing.TB, out []int, on bool) {
	p := threadpool.New(threadpool.WithMaxWorkers(bench.Workers), threadpool.WithStats(on))
	var opts []executor.MapOption
	last := 0
	if on {
		opts = append(opts, executor.WithProgress(func(done, _ int) { last = done }))
	}
	i := 0
	for v, err := range executor.Map(p, bench.Double, indices, opts...) {
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = v
		i++
	}
	if err := p.Shutdown(true); err != nil {
		tb.Fatal(err)
	}
	if on && last != len(out) {
		tb.Fatalf("progress ended at %d of %d", last, len(out))
	}
}
