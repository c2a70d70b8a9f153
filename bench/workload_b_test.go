package bench_test

import (
	"testing"

	"github.com/sourcegraph/conc/iter"

	"github.com/gocurrent/futures/bench"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

// BenchmarkWorkloadB is workload B of the performance targets, an ordered
// map of x*2 over bench.Tasks ints with 2 workers, reported per item.
func BenchmarkWorkloadB(b *testing.B) {
	in := bench.Indices(bench.Tasks)
	b.Run("threadpool-map", func(b *testing.B) {
		p := threadpool.New(threadpool.WithMaxWorkers(bench.Workers))
		defer p.Shutdown(true)
		runB(b, func(out []int) { bMap(b, p, in, out) })
	})
	b.Run("threadpool-map-with-startup", func(b *testing.B) {
		runB(b, func(out []int) {
			p := threadpool.New(threadpool.WithMaxWorkers(bench.Workers))
			bMap(b, p, in, out)
			p.Shutdown(true)
		})
	})
	b.Run("threadpool-mapall", func(b *testing.B) {
		p := threadpool.New(threadpool.WithMaxWorkers(bench.Workers))
		defer p.Shutdown(true)
		runB(b, func(out []int) { bMapAll(b, p, in, out) })
	})
	b.Run("conc-iter", func(b *testing.B) {
		m := iter.Mapper[int, int]{MaxGoroutines: bench.Workers}
		runB(b, func(out []int) {
			copy(out, m.Map(in, func(x *int) int { return *x * 2 }))
		})
	})
	b.Run("channel-pool", func(b *testing.B) {
		runB(b, func(out []int) { bench.ChannelPool(in, out, bench.Workers, 0) })
	})
	b.Run("channel-pool-buffered", func(b *testing.B) {
		runB(b, func(out []int) {
			bench.ChannelPool(in, out, bench.Workers, bench.ChannelBuffer)
		})
	})
}

// runB times body, which must put the doubled input into out, and checks
// the last outcome.
func runB(b *testing.B, body func(out []int)) {
	out := make([]int, bench.Tasks)
	perItem(b, "item", bench.Tasks, func() { body(out) })
	requireDoubled(b, out, true)
}

// bMap ranges over executor.Map, as a caller reading results in order does.
func bMap(tb testing.TB, e executor.Executor, in, out []int) {
	i := 0
	for v, err := range executor.Map(e, bench.Double, in) {
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = v
		i++
	}
}

// bMapAll takes every result at once from executor.MapAll.
func bMapAll(tb testing.TB, e executor.Executor, in, out []int) {
	res, err := executor.MapAll(e, bench.Double, in)
	if err != nil {
		tb.Fatal(err)
	}
	copy(out, res)
}
