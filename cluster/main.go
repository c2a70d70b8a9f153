package cluster

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gocurrent/futures/processpool"
)

// envWorker marks a process started by New as a worker; its value holds
// the worker's settings. Main removes it.
const envWorker = "GOCURRENT_FUTURES_CLUSTER_WORKER"

var mainCalled atomic.Bool

// Main turns the process into a worker if an Executor of this program
// started it, and returns at once otherwise. It first calls
// processpool.Main, so one call serves both. Call it as the first
// statement of main(), and of TestMain in a package whose tests use an
// Executor with local workers:
//
//	func main() {
//		cluster.Main()
//		// ... the program ...
//	}
//
// In a worker, Main runs Serve until the executor that started it closes
// the worker's standard input (or dies), and then exits the process: it
// never returns. New fails with ErrNoMain when asked for local workers in
// a program that did not call Main.
func Main() {
	processpool.Main()
	mainCalled.Store(true)
	spec, ok := os.LookupEnv(envWorker)
	if !ok {
		return
	}
	_ = os.Unsetenv(envWorker)
	url, opts, err := decodeSpec(spec)
	if err != nil {
		fmt.Fprintf(os.Stderr, "cluster: worker %d: %v\n", os.Getpid(), err)
		os.Exit(2)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin) // the executor closes it, or dies
		cancel()
	}()
	if err := Serve(ctx, url, opts...); err != nil {
		fmt.Fprintf(os.Stderr, "cluster: worker %d: %v\n", os.Getpid(), err)
		os.Exit(1)
	}
	os.Exit(0)
}

// encodeSpec and decodeSpec carry a local worker's settings in envWorker.
func encodeSpec(url string, c config) string {
	return strings.Join([]string{url, c.queue, strconv.Itoa(c.concurrency), c.ackWait.String(),
		c.lostAfter.String(), strconv.Itoa(c.replicas), strconv.Itoa(c.prefetch), c.workerID}, "|")
}

func decodeSpec(s string) (string, []Option, error) {
	f := strings.Split(s, "|")
	if len(f) != 8 {
		return "", nil, fmt.Errorf("bad %s", envWorker)
	}
	n, err1 := strconv.Atoi(f[2])
	ack, err2 := time.ParseDuration(f[3])
	lost, err3 := time.ParseDuration(f[4])
	rep, err4 := strconv.Atoi(f[5])
	pre, err5 := strconv.Atoi(f[6])
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			return "", nil, fmt.Errorf("bad %s: %w", envWorker, err)
		}
	}
	return f[0], []Option{WithQueue(f[1]), WithConcurrency(n), WithAckWait(ack), WithLostAfter(lost), WithReplicas(rep), WithPrefetch(pre),
		func(c *config) { c.workerID = f[7] }}, nil
}
