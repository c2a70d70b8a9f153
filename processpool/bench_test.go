package processpool_test

import (
	"slices"
	"testing"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

// The benchmarks mirror bench/python/processpool.py: two workers, a
// trivial task (double).

func benchPool(b *testing.B) *processpool.Pool {
	b.Helper()
	p, err := processpool.New(processpool.WithMaxWorkers(2))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = p.Shutdown(true) })
	// Start both workers before timing.
	fs := make([]*future.Future[int], 0, 4)
	for i := range 4 {
		f, err := executor.Submit(p, double, i)
		if err != nil {
			b.Fatal(err)
		}
		fs = append(fs, f)
	}
	for _, f := range fs {
		if _, err := f.Result(0); err != nil {
			b.Fatal(err)
		}
	}
	return p
}

// BenchmarkRoundTrip is one Submit and its Result at a time. It reports
// the median and 90th percentile latency.
func BenchmarkRoundTrip(b *testing.B) {
	p := benchPool(b)
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		f, err := executor.Submit(p, double, i)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.Result(0); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "median-us")
	b.ReportMetric(float64(lat[len(lat)*9/10].Nanoseconds())/1e3, "p90-us")
}

// BenchmarkSubmit20k submits 20,000 tasks, then waits for all of them.
func BenchmarkSubmit20k(b *testing.B) {
	const n = 20000
	p := benchPool(b)
	fs := make([]*future.Future[int], n)
	b.ResetTimer()
	for b.Loop() {
		for i := range fs {
			f, err := executor.Submit(p, double, i)
			if err != nil {
				b.Fatal(err)
			}
			fs[i] = f
		}
		for _, f := range fs {
			if _, err := f.Result(0); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tasks/s")
}

// BenchmarkMap100k maps over 100,000 ints in the default chunks.
func BenchmarkMap100k(b *testing.B) {
	const n = 100000
	p := benchPool(b)
	args := make([]int, n)
	for i := range args {
		args[i] = i
	}
	b.ResetTimer()
	for b.Loop() {
		for _, err := range executor.Map(p, double, args) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkStartup is New, one task's result, and Shutdown(true).
func BenchmarkStartup(b *testing.B) {
	for b.Loop() {
		p, err := processpool.New(processpool.WithMaxWorkers(2))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := executor.Apply(p, double, 1); err != nil {
			b.Fatal(err)
		}
		_ = p.Shutdown(true)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms")
}
