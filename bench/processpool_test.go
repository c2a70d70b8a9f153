package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

// The process-pool benchmarks beside their bare baseline (bare_test.go),
// measured in the same run: 2 workers or 2 bare children, a trivial task
// (double). Their Python twins are in bench/python/processpool.py.

func init() { processpool.Register(double) }

func double(_ context.Context, x int) (int, error) { return x * 2, nil }

// submitN is the number of tasks of the throughput benchmarks.
const submitN = 20_000

// newProcessPool starts a pool of 2 workers and waits until both run.
func newProcessPool(tb testing.TB) *processpool.Pool {
	tb.Helper()
	p, err := processpool.New(processpool.WithMaxWorkers(2))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = p.Shutdown(true) })
	fs := make([]*future.Future[int], 0, 4)
	for i := range 4 {
		fs = append(fs, must(executor.Submit(p, double, i)))
	}
	for _, f := range fs {
		_, err := f.Result(0)
		require.NoError(tb, err)
	}
	return p
}

// newBares starts n bare children, ended when tb ends.
func newBares(tb testing.TB, n int) []*bare {
	tb.Helper()
	cs := make([]*bare, n)
	for i := range cs {
		cs[i] = must(startBare())
		tb.Cleanup(func() { _ = cs[i].close() })
	}
	return cs
}

func TestBareChild(t *testing.T) {
	cs := newBares(t, 2)
	for i := range 100 {
		y, err := cs[i%2].call(i)
		require.NoError(t, err)
		require.Equal(t, 2*i, y)
	}
	require.NoError(t, pipelineAll(cs, 10_000))
	y, err := cs[0].call(7)
	require.NoError(t, err)
	require.Equal(t, 14, y)
}

// BenchmarkProcessPool measures the pool beside the bare children.
func BenchmarkProcessPool(b *testing.B) {
	b.Run("roundtrip", benchRoundTrip)
	b.Run("roundtrip-handoff", benchRoundTripHandoff)
	b.Run("roundtrip-wakes", benchRoundTripWakes)
	b.Run("submit20k", benchSubmit20k)
	b.Run("map100k", benchMap100k)
	b.Run("startup", benchStartup)
}

// benchRoundTrip interleaves one bare round trip with one Submit+Result,
// in alternating order, and reports the median and 90th percentile of
// each and the ratio of the pool's median to the bare one.
func benchRoundTrip(b *testing.B) {
	p := newProcessPool(b)
	c := newBares(b, 1)[0]
	interleave(b, []tripKind{
		{"bare", func(i int) error { _, err := c.call(i); return err }},
		{"pool", poolTrip(p)},
	})
}

// benchRoundTripHandoff is benchRoundTrip with a third kind of round trip
// in the rotation: a bare one whose reply a reader goroutine hands over
// on a channel, as the pool's reply path did before a waiter read its own
// answer. That goroutine, woken in the parent by every reply it reads,
// slows the other two kinds as well (here about 2x, the bare one
// included), so it has a rotation of its own.
func benchRoundTripHandoff(b *testing.B) {
	p := newProcessPool(b)
	cs := newBares(b, 2)
	c, h := cs[0], cs[1]
	h.handoff()
	interleave(b, []tripKind{
		{"bare", func(i int) error { _, err := c.call(i); return err }},
		{"handoff", func(i int) error { _, err := h.callHandoff(i); return err }},
		{"pool", poolTrip(p)},
	})
}

// tripKind is one kind of round trip of interleave.
type tripKind struct {
	name string
	trip func(int) error
}

// poolTrip is a Submit+Result round trip to p.
func poolTrip(p *processpool.Pool) func(int) error {
	return func(i int) error {
		f, err := executor.Submit(p, double, i)
		if err == nil {
			_, err = f.Result(0)
		}
		return err
	}
}

// interleave runs one round trip of each kind per iteration, in rotating
// order, and reports the median and 90th percentile of each kind and the
// pool's median over the bare one's (kinds[0] is the bare one, the last
// the pool).
func interleave(b *testing.B, kinds []tripKind) {
	lat := make([][]time.Duration, len(kinds))
	for i := 0; b.Loop(); i++ {
		for k := range kinds {
			idx := (i + k) % len(kinds)
			start := time.Now()
			if err := kinds[idx].trip(i); err != nil {
				b.Fatal(err)
			}
			lat[idx] = append(lat[idx], time.Since(start))
		}
	}
	medians := make([]float64, len(kinds))
	for k, kind := range kinds {
		m, p90 := quantiles(lat[k])
		medians[k] = m
		b.ReportMetric(m, kind.name+"-median-us")
		b.ReportMetric(p90, kind.name+"-p90-us")
	}
	b.ReportMetric(medians[len(kinds)-1]/medians[0], "x-bare")
	b.ReportMetric(0, "ns/op")
}

// wakeBlock is how many round trips of one kind run between two reads of
// the context switch counters.
const wakeBlock = 500

// benchRoundTripWakes counts what each kind of round trip of benchRoundTrip
// costs in threads put to sleep and woken: the voluntary context switches
// of every thread of the parent and of the child (a thread that blocked,
// in a read, a futex or the poller, and was woken), per round trip.
// Unlike latency, the counts hardly move with the machine's noise. The
// kinds run in blocks of wakeBlock, in rotating order, and the counters
// are read between blocks. The pool here has one worker, so that the
// counted child is the one that answered. It reports each kind's median
// round trip too, back to back within a block (x-bare: the pool's over
// the bare one's), where benchRoundTrip puts other round trips between
// two of the same kind.
func benchRoundTripWakes(b *testing.B) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		b.Skip("needs /proc/PID/task")
	}
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(b, err)
	b.Cleanup(func() { _ = p.Shutdown(true) })
	_ = must(must(executor.Submit(p, double, 1)).Result(0))
	workers := p.Stats().Workers
	require.Len(b, workers, 1)
	worker := workers[0].PID
	cs := newBares(b, 2)
	c, h := cs[0], cs[1]
	h.handoff()
	kinds := []struct {
		name  string
		child int
		trip  func(int) error
	}{
		{"bare", c.cmd.Process.Pid, func(i int) error { _, err := c.call(i); return err }},
		{"handoff", h.cmd.Process.Pid, func(i int) error { _, err := h.callHandoff(i); return err }},
		{"pool", worker, poolTrip(p)},
	}
	parent, child := make([]int64, len(kinds)), make([]int64, len(kinds))
	lat := make([][]time.Duration, len(kinds))
	trips := 0
	for round := 0; b.Loop(); round++ {
		for k := range kinds {
			idx := (round + k) % len(kinds)
			kind := kinds[idx]
			p0, c0 := must(voluntarySwitches(os.Getpid())), must(voluntarySwitches(kind.child))
			for i := range wakeBlock {
				start := time.Now()
				if err := kind.trip(i); err != nil {
					b.Fatal(err)
				}
				lat[idx] = append(lat[idx], time.Since(start))
			}
			parent[idx] += must(voluntarySwitches(os.Getpid())) - p0
			child[idx] += must(voluntarySwitches(kind.child)) - c0
		}
		trips += wakeBlock
	}
	medians := make([]float64, len(kinds))
	for k, kind := range kinds {
		b.ReportMetric(float64(parent[k])/float64(trips), kind.name+"-parent-wakes")
		b.ReportMetric(float64(child[k])/float64(trips), kind.name+"-child-wakes")
		medians[k], _ = quantiles(lat[k])
		b.ReportMetric(medians[k], kind.name+"-median-us")
	}
	b.ReportMetric(medians[2]/medians[0], "x-bare")
	b.ReportMetric(0, "ns/op")
}

// voluntarySwitches sums the voluntary context switches of the threads of
// process pid, as /proc reports them. A thread that ended takes its count
// with it; the Go runtime keeps its threads.
func voluntarySwitches(pid int) (int64, error) {
	dir := fmt.Sprintf("/proc/%d/task", pid)
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, t := range tasks {
		status, err := os.ReadFile(dir + "/" + t.Name() + "/status")
		if err != nil {
			continue // the thread ended meanwhile
		}
		_, rest, ok := bytes.Cut(status, []byte("\nvoluntary_ctxt_switches:"))
		if !ok {
			return 0, fmt.Errorf("no voluntary_ctxt_switches in %s/%s/status", dir, t.Name())
		}
		line, _, _ := bytes.Cut(rest, []byte("\n"))
		v, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s/%s/status: %w", dir, t.Name(), err)
		}
		n += v
	}
	return n, nil
}

// quantiles returns the median and 90th percentile of lat in µs.
func quantiles(lat []time.Duration) (median, p90 float64) {
	slices.Sort(lat)
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	return us(lat[len(lat)/2]), us(lat[len(lat)*9/10])
}

// benchSubmit20k alternates 20,000 requests pipelined to 2 bare children
// with 20,000 Submits to the pool followed by their results, and reports
// both rates and the pool's over the bare one.
func benchSubmit20k(b *testing.B) {
	p := newProcessPool(b)
	cs := newBares(b, 2)
	fs := make([]*future.Future[int], submitN)
	var bareT, poolT time.Duration
	runBare := func() {
		start := time.Now()
		if err := pipelineAll(cs, submitN); err != nil {
			b.Fatal(err)
		}
		bareT += time.Since(start)
	}
	runPool := func() {
		start := time.Now()
		for i := range fs {
			fs[i] = must(executor.Submit(p, double, i))
		}
		for _, f := range fs {
			if _, err := f.Result(0); err != nil {
				b.Fatal(err)
			}
		}
		poolT += time.Since(start)
	}
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			runBare()
			runPool()
		} else {
			runPool()
			runBare()
		}
	}
	n := float64(submitN * b.N)
	bareRate, poolRate := n/bareT.Seconds(), n/poolT.Seconds()
	b.ReportMetric(bareRate, "bare-req/s")
	b.ReportMetric(poolRate, "pool-tasks/s")
	b.ReportMetric(poolRate/bareRate, "x-bare")
	b.ReportMetric(0, "ns/op")
}

// benchMap100k is executor.Map over 100,000 ints in Pool.map's chunks
// (the default), the pool made beforehand.
func benchMap100k(b *testing.B) {
	const n = 100_000
	p := newProcessPool(b)
	args := make([]int, n)
	for i := range args {
		args[i] = i
	}
	for b.Loop() {
		for _, err := range executor.Map(p, double, args) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "items/s")
}

// benchStartup is New, one task's result, and Shutdown(true).
func benchStartup(b *testing.B) {
	for b.Loop() {
		p, err := processpool.New(processpool.WithMaxWorkers(2))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := executor.Apply(p, double, 1); err != nil {
			b.Fatal(err)
		}
		if err := p.Shutdown(true); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms")
}
