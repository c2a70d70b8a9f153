package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const sample = `goos: linux
cpu: Some CPU
BenchmarkWorkloadA/threadpool-2   	 50	 176.0 B/task	 1.000 allocs/task	 150.0 ns/task
BenchmarkWorkloadA/threadpool-2   	 50	 176.0 B/task	 1.000 allocs/task	 170.0 ns/task
BenchmarkWorkloadA/threadpool-2   	 50	 176.0 B/task	 1.000 allocs/task	 140.0 ns/task
BenchmarkWorkloadA/channel-pool-2 	 80	 0.01 B/task	 0.00004 allocs/task	 100.0 ns/task
BenchmarkWorkloadB/threadpool-map-2 	 80	 24 B/item	 0.0003 allocs/item	 30.0 ns/item
BenchmarkWorkloadB/conc-iter-2 	 80	 8 B/item	 0.0001 allocs/item	 10.0 ns/item
BenchmarkPendingFuture-2 	 1	 300.0 B/future
BenchmarkLifecycle/empty-2 	 1000	 150 ns/op	 338 B/op	 3 allocs/op
PASS
`

func TestParseResults(t *testing.T) {
	res, err := parseResults(strings.NewReader(sample))
	require.NoError(t, err)
	require.Equal(t, "Some CPU", res.config["cpu"])
	require.Equal(t, []float64{150, 170, 140}, res.samples["WorkloadA/threadpool"]["ns/task"])
	m, ok := res.median("WorkloadA/threadpool", "ns/task")
	require.True(t, ok)
	require.Equal(t, 150.0, m)
	_, ok = res.median("WorkloadA/ants", "ns/task")
	require.False(t, ok)
	require.Equal(t, []string{"B/op", "allocs/op", "ns/op"}, res.units("Lifecycle/empty"))
}

func TestMedianOfEvenCount(t *testing.T) {
	res, err := parseResults(strings.NewReader("BenchmarkX-2 1 4 ns/op\nBenchmarkX-2 1 1 ns/op\n"))
	require.NoError(t, err)
	m, _ := res.median("X", "ns/op")
	require.Equal(t, 2.5, m)
}

func TestReport(t *testing.T) {
	r, err := newReport(map[string]string{
		"go.txt":                sample,
		"go.stat":               "benchstat table",
		"threads.skipped":       "python3 was not found.",
		"processpool.skipped":   "processpool has no benchmarks yet.",
		"processpool-py.txt":    "submit: 13900 tasks/s\n",
		"processpool-py.failed": "ignored",
	}, 6, "")
	require.NoError(t, err)
	var b strings.Builder
	r.write(&b)
	doc := b.String()
	for _, want := range []string{
		"| A: threadpool ns/task / hand-rolled channel pool (unbuffered) ns/task | 1.50x | <= 1.00x | missed by 50% |",
		"| A: threadpool allocs/task | 1.00 | <= 2.00 | met |",
		"| B: executor.Map ns/item / conc/iter ns/item | 3.00x | <= 2.00x | missed by 50% |",
		"| memory per pending future, 1M queued (bytes) | 300 | <= 250 | missed by 20% |",
		"| hand-rolled channel pool (unbuffered) | 100 | <0.01 | 0.01 | 0.67x | 214 |",
		"| pond v2 result group | not measured |",
		"| threadpool New + Shutdown, no task | 150 ns, 3.00 allocs, 338 B |",
		"Not measured: python3 was not found.",
		"not measured: processpool has no benchmarks yet.",
		"submit: 13900 tasks/s",
		"benchstat table",
		"Some CPU",
	} {
		require.Contains(t, doc, want)
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 0.00004: "<0.01", 1: "1.00", 24.11: "24.1", 176.4: "176", 16500: "16,500", 1234567: "1,234,567",
	} {
		require.Equal(t, want, num(v), "num(%v)", v)
	}
}
