package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const ppSample = `BenchmarkProcessPool/roundtrip-2 	 1000	 20.0 bare-median-us	 40.0 bare-p90-us	 30.0 pool-median-us	 60.0 pool-p90-us	 1.5 x-bare	 0 ns/op
BenchmarkProcessPool/roundtrip-handoff-2 	 1000	 25.0 bare-median-us	 50.0 bare-p90-us	 22.0 handoff-median-us	 45.0 handoff-p90-us	 45.0 pool-median-us	 70.0 pool-p90-us	 1.8 x-bare	 0 ns/op
BenchmarkProcessPool/roundtrip-wakes-2 	 20	 0.9 bare-child-wakes	 0.6 bare-parent-wakes	 1.1 handoff-child-wakes	 1.5 handoff-parent-wakes	 1.2 pool-child-wakes	 1.7 pool-parent-wakes	 10.0 bare-median-us	 14.0 handoff-median-us	 12.0 pool-median-us	 1.2 x-bare	 0 ns/op
BenchmarkProcessPool/submit20k-2 	 2	 1000000 bare-req/s	 20000 pool-tasks/s	 0.02 x-bare	 0 ns/op
BenchmarkProcessPool/map100k-2 	 80	 13000000 ns/op	 9000000 items/s
BenchmarkProcessPool/startup-2 	 100	 7000000 ns/op	 7.0 ms
BenchmarkLargeValue-2 	 3	 1.5 from-worker-GB/s	 1.0 parent-recv-alloc-x	 0.8 to-worker-GB/s	 1.0 worker-recv-peak-x	 0.0001 worker-send-peak-x	 0 ns/op
`

const ppPython = `python: CPython 3.11.2
python-pool-map 3000000 items/s
python-start-first-result-spawn 100.0 ms
`

func TestProcessPoolTargets(t *testing.T) {
	r, err := newReport(map[string]string{"go.txt": ppSample, "processpool-py.txt": ppPython}, 1, "3.11")
	require.NoError(t, err)
	var b strings.Builder
	r.write(&b)
	doc := b.String()
	for _, want := range []string{
		"| processpool Submit+Result median / bare gob round trip median (interleaved) | 1.50x | <= 1.50x | met |",
		"| processpool 20k Submits then results / bare pipelined requests to 2 children (alternated) | 0.02x | >= 0.25x | missed: 0.02x of 0.25x |",
		"| processpool Map over 100k ints, Pool.map's chunks / Python Pool.map (items/s) | 3.00x | >= 2.00x | met |",
		"| processpool New + first result + Shutdown / Python spawn start to first result | 0.07x | <= 0.10x | met |",
		"| round trip, median | 20.0 µs | 30.0 µs | 1.50 |",
		"| 256 MiB []byte to a worker | 0.80 GB/s | >= 1.00 GB/s | missed: 0.80 GB/s of 1.00 GB/s |",
		"| 256 MiB []byte from a worker | 1.50 GB/s | >= 1.00 GB/s | met |",
		"| 256 MiB []byte: worker's peak resident growth, receiving and sending, in payloads | 1.00x | <= 2.00x | met |",
		"| round trip, median, with a handed-over bare call in the rotation | 25.0 µs | 45.0 µs | 1.80 |",
		"| the handed-over bare call itself, median (p90) | 22.0 µs (45.0 µs) | - | - |",
		"| 20k requests, per second | 1,000,000 | 20,000 | 0.02 |",
		"| threads put to sleep and woken per round trip, parent + child (one worker) | 0.60 + 0.90 | 1.70 + 1.20 | - |",
		"| the same, bare with the reply handed over | 1.50 + 1.10 | - | - |",
		"| round trip back to back, median (one worker) | 10.0 µs | 12.0 µs | 1.20 |",
	} {
		require.Contains(t, doc, want)
	}
}

func TestProcessPoolTargetsUnmeasured(t *testing.T) {
	r, err := newReport(map[string]string{"go.txt": "PASS\n"}, 1, "")
	require.NoError(t, err)
	var b strings.Builder
	r.write(&b)
	require.Contains(t, b.String(), "| processpool Map over 100k ints, Pool.map's chunks / Python Pool.map (items/s) | not measured | >= 2.00x | - |")
}

func TestPlainFigures(t *testing.T) {
	require.Equal(t, map[string]float64{"python-pool-map": 3e6, "python-start-first-result-spawn": 100},
		plainFigures(ppPython))
}
