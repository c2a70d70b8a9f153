package bench_test

import (
	"runtime"
	"slices"
	"testing"

	"go.uber.org/goleak"

	"github.com/gocurrent/futures/bench"
	"github.com/gocurrent/futures/processpool"
)

func TestMain(m *testing.M) {
	bareChildMain()    // the baseline of the process-pool benchmarks
	processpool.Main() // the shared-state and process-pool benchmarks start worker processes
	// ants starts a default pool, with its two housekeeping goroutines,
	// when its package is initialised; it lives as long as the program.
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreTopFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}

func TestChannelPool(t *testing.T) {
	for _, buffer := range []int{0, bench.ChannelBuffer} {
		in := bench.Indices(10_000)
		out := make([]int, len(in))
		bench.ChannelPool(in, out, bench.Workers, buffer)
		requireDoubled(t, out, true)
	}
}

// perItem runs body until the benchmark has timed enough, then reports
// time, allocations and bytes per item ("ns/"+unit, "allocs/"+unit,
// "B/"+unit) for a body that handles items items, and hides ns/op, which
// would count whole workloads.
func perItem(b *testing.B, unit string, items int, body func()) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		body()
	}
	runtime.ReadMemStats(&after)
	n := float64(b.N) * float64(items)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/"+unit)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/"+unit)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "B/"+unit)
	b.ReportMetric(0, "ns/op")
}

// requireDoubled fails tb unless out holds i*2 for every i: at index i if
// ordered, in any order otherwise.
func requireDoubled(tb testing.TB, out []int, ordered bool) {
	tb.Helper()
	if !ordered {
		out = slices.Clone(out)
		slices.Sort(out)
	}
	for i, v := range out {
		if v != i*2 {
			tb.Fatalf("result %d is %d, want %d", i, v, i*2)
		}
	}
}
