package bench_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/gocurrent/futures/bench"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

// pending is the number of futures BenchmarkPendingFuture queues.
const pending = 1_000_000

// BenchmarkPendingFuture queues a million Submits behind a single worker
// that is blocked, and reports the heap each pending future holds
// (B/future: the HeapAlloc growth after a GC, over the count). The slice
// holding the futures is allocated beforehand and not counted.
func BenchmarkPendingFuture(b *testing.B) {
	futs := make([]*future.Future[int], pending)
	var perFuture float64
	for b.Loop() {
		perFuture = queueBehindBlocked(b, futs)
	}
	b.ReportMetric(perFuture, "B/future")
	b.ReportMetric(0, "ns/op")
}

// queueBehindBlocked fills futs with Submits queued behind a blocked
// worker, returns the heap bytes held per future, then lets them run.
func queueBehindBlocked(tb testing.TB, futs []*future.Future[int]) float64 {
	p := threadpool.New(threadpool.WithMaxWorkers(1))
	release := make(chan struct{})
	block := func(context.Context, int) (int, error) { <-release; return 0, nil }
	if _, err := executor.Submit(p, block, 0); err != nil {
		tb.Fatal(err)
	}
	before := heapAfterGC()
	for i := range futs {
		f, err := executor.Submit(p, bench.Double, i)
		if err != nil {
			tb.Fatal(err)
		}
		futs[i] = f
	}
	held := heapAfterGC() - before
	close(release)
	if v, err := futs[len(futs)-1].Result(0); err != nil || v != 2*(len(futs)-1) {
		tb.Fatalf("last future: %d, %v", v, err)
	}
	p.Shutdown(true)
	clear(futs)
	return float64(held) / float64(len(futs))
}

// heapAfterGC collects garbage and returns the live heap in bytes.
func heapAfterGC() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// BenchmarkLifecycle measures what a pool costs besides its tasks: New
// and Shutdown of a pool that ran nothing (no worker is started), and of
// one that ran a single task (one worker started, then stopped).
func BenchmarkLifecycle(b *testing.B) {
	b.Run("empty", func(b *testing.B) {
		for b.Loop() {
			p := threadpool.New(threadpool.WithMaxWorkers(bench.Workers))
			p.Shutdown(true)
		}
	})
	b.Run("first-result", func(b *testing.B) {
		for b.Loop() {
			p := threadpool.New(threadpool.WithMaxWorkers(bench.Workers))
			if _, err := executor.Apply(p, bench.Double, 1); err != nil {
				b.Fatal(err)
			}
			p.Shutdown(true)
		}
	})
}
