package bench_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// The large-value benchmark: a 256 MiB []byte to a worker and back.

func init() {
	processpool.Register(sinkBytes)
	processpool.Register(sourceBytes)
	processpool.Register(resetPeak)
	processpool.Register(peakGrowth)
}

const largeValue = 256 << 20

// sinkBytes receives b and returns when it started, in Unix nanoseconds.
func sinkBytes(_ context.Context, b []byte) (int64, error) {
	start := time.Now().UnixNano()
	if len(b) > 0 && b[len(b)-1] != byte(len(b)-1) {
		return 0, fmt.Errorf("the last byte of %d is %d", len(b), b[len(b)-1])
	}
	return start, nil
}

var (
	sourceMu  sync.Mutex
	sourceBuf []byte
)

// sourceBytes returns n bytes, made and filled once per worker.
func sourceBytes(_ context.Context, n int) ([]byte, error) {
	sourceMu.Lock()
	defer sourceMu.Unlock()
	if len(sourceBuf) != n {
		sourceBuf = filled(n)
	}
	return sourceBuf, nil
}

func filled(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// resetPeak makes the process's peak resident size its current one, and
// returns the current one in bytes.
func resetPeak(context.Context, int) (int64, error) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return 0, err
	}
	return procStatus("VmRSS")
}

// peakGrowth returns the peak resident size in bytes.
func peakGrowth(context.Context, int) (int64, error) { return procStatus("VmHWM") }

// procStatus reads a size in kB of /proc/self/status, in bytes.
func procStatus(field string) (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/self/status", field)
}

// BenchmarkLargeValue sends a 256 MiB []byte to one worker (to-worker
// GB/s: from Submit to the function's start) and gets one back (from-
// worker GB/s: the whole round trip of a call returning a buffer the
// worker made beforehand). It reports the worker's peak resident growth
// while receiving and while sending, and the bytes the parent allocates
// for a round trip, each per byte of payload.
func BenchmarkLargeValue(b *testing.B) {
	if _, err := os.Stat("/proc/self/clear_refs"); err != nil {
		b.Skip("needs /proc/self/clear_refs")
	}
	p, err := processpool.New(processpool.WithMaxWorkers(1))
	require.NoError(b, err)
	defer func() { _ = p.Shutdown(true) }()
	payload := filled(largeValue)
	// Two untimed round trips first: the worker makes its buffer, and both
	// processes' heaps reach the size the loop keeps. On a virtual machine
	// the first writes to memory the guest never touched cost the host's
	// page faults too (here 0.3-1 GB/s, against 2-3 GB/s for memory the
	// guest touched before), and would be measured as the pipe's speed.
	for range 2 {
		_ = must(executor.Apply(p, sinkBytes, payload))
		_ = must(executor.Apply(p, sourceBytes, largeValue))
	}
	var to, from time.Duration
	var recvPeak, sendPeak, parentAlloc float64
	for b.Loop() {
		base := must(executor.Apply(p, resetPeak, 0))
		start := time.Now()
		began := must(executor.Apply(p, sinkBytes, payload))
		to += time.Unix(0, began).Sub(start)
		recvPeak += float64(must(executor.Apply(p, peakGrowth, 0))-base) / largeValue

		runtime.GC()
		base = must(executor.Apply(p, resetPeak, 0))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start = time.Now()
		got := must(executor.Apply(p, sourceBytes, largeValue))
		from += time.Since(start)
		runtime.ReadMemStats(&after)
		sendPeak += float64(must(executor.Apply(p, peakGrowth, 0))-base) / largeValue
		parentAlloc += float64(after.TotalAlloc-before.TotalAlloc) / largeValue
		if len(got) != largeValue || got[largeValue-1] != 0xff {
			b.Fatalf("got %d bytes back", len(got))
		}
	}
	n := float64(b.N)
	b.ReportMetric(largeValue*n/to.Seconds()/1e9, "to-worker-GB/s")
	b.ReportMetric(largeValue*n/from.Seconds()/1e9, "from-worker-GB/s")
	b.ReportMetric(recvPeak/n, "worker-recv-peak-x")
	b.ReportMetric(sendPeak/n, "worker-send-peak-x")
	b.ReportMetric(parentAlloc/n, "parent-recv-alloc-x")
	b.ReportMetric(0, "ns/op")
}
