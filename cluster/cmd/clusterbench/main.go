// Command clusterbench measures the cluster executor beside bare
// JetStream and Dask, in one run, on the trivial task (return x*2) with 2
// worker processes, and prints each figure and the ratios that
// PERFORMANCE.md sets as targets:
//
//   - round trip: one Submit and its Result at a time (median and p90);
//   - submit: 20k Submits, then every result (tasks/s);
//   - map: executor.Map over 100k ints in chunks (items/s, cluster only).
//
// The bare baseline is an embedded server with file storage, a work-queue
// stream and 2 worker processes (this program, started again) on one
// durable pull consumer, publishing with PubAck and replying to the
// submitter's inbox, without futures. Dask runs bench/python/dask_executor.py
// with /usr/bin/python3 (Debian's python3-distributed); it is skipped with
// a message if Dask is missing.
//
//	go run ./cluster/cmd/clusterbench            # from the repository root
//	go run ./cluster/cmd/clusterbench -dask=""   # without Dask
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// double is the trivial task.
func double(_ context.Context, i int) (int, error) { return 2 * i, nil }

func init() { processpool.Register(double) }

func main() {
	cluster.Main()
	if url := os.Getenv(envBareWorker); url != "" {
		bareWorker(url)
	}
	tasks := flag.Int("tasks", 20_000, "tasks of the submit benchmark")
	trips := flag.Int("trips", 1000, "round trips timed")
	rounds := flag.Int("rounds", 3, "runs of the submit benchmark (the median is kept)")
	conc := flag.Int("concurrency", 64, "calls each cluster worker runs at once")
	prefetch := flag.Int("prefetch", 500, "tasks each cluster worker takes ahead (the bare workers' default)")
	dask := flag.String("dask", "bench/python/dask_executor.py", "the Dask script; empty to skip")
	profile := flag.String("cpuprofile", "", "write the submitter's CPU profile of the cluster submit runs to this file")
	inproc := flag.Bool("inproc", false, "run the cluster workers as goroutines of this process (to profile everything at once)")
	msgs := flag.Bool("msgs", false, "also count the server's client messages per task, bare and cluster on the bare server")
	flag.Parse()
	cpuProfile, inProcess, countMsgs = *profile, *inproc, *msgs
	if err := run(*tasks, *trips, *rounds, *conc, *prefetch, *dask); err != nil {
		fmt.Fprintln(os.Stderr, "clusterbench:", err)
		os.Exit(1)
	}
}

type figures struct{ rtMedian, rtP90, submit float64 }

func run(tasks, trips, rounds, conc, prefetch int, dask string) error {
	fmt.Printf("clusterbench: 2 workers, %d round trips, %d tasks x %d rounds, cluster concurrency %d, prefetch %d\n",
		trips, tasks, rounds, conc, prefetch)
	b, err := startBare(2)
	if err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	var bf figures
	bf.rtMedian, bf.rtP90, err = timeTrips(trips, func(i int) error { _, err := b.roundTrip(i); return err })
	if err == nil {
		bf.submit, err = rate(tasks, rounds, func() error { return b.pipelined(tasks) })
	}
	if countMsgs {
		v0, _ := b.srv.Varz(nil)
		_ = b.pipelined(tasks)
		v1, _ := b.srv.Varz(nil)
		fmt.Printf("bare per task: in %.2f out %.2f msgs\n", float64(v1.InMsgs-v0.InMsgs)/float64(tasks), float64(v1.OutMsgs-v0.OutMsgs)/float64(tasks))
		e, err := cluster.New(cluster.WithURL(b.srv.ClientURL()), cluster.WithWorkers(2), cluster.WithConcurrency(conc), cluster.WithPrefetch(prefetch))
		if err != nil {
			return err
		}
		_ = submitAll(e, 1000)
		v0, _ = b.srv.Varz(nil)
		_ = submitAll(e, tasks)
		v1, _ = b.srv.Varz(nil)
		fmt.Printf("cluster per task: in %.2f out %.2f msgs\n", float64(v1.InMsgs-v0.InMsgs)/float64(tasks), float64(v1.OutMsgs-v0.OutMsgs)/float64(tasks))
		e.Shutdown(true)
	}
	b.stop()
	if err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	report("bare JetStream", bf)

	e, stopWorkers, err := newCluster(conc, prefetch)
	if err != nil {
		return err
	}
	defer e.Shutdown(true)
	defer stopWorkers()
	var cf figures
	cf.rtMedian, cf.rtP90, err = timeTrips(trips, func(i int) error {
		f, err := executor.Submit(e, double, i)
		if err == nil {
			_, err = f.Result(0)
		}
		return err
	})
	if err != nil {
		return err
	}
	stopProfile := startProfile()
	cf.submit, err = rate(tasks, rounds, func() error { return submitAll(e, tasks) })
	stopProfile()
	if err != nil {
		return err
	}
	report("cluster executor", cf)
	items, err := rate(100_000, 1, func() error { return mapAll(e, 100_000) })
	if err != nil {
		return err
	}
	fmt.Printf("%-18s map over 100k ints: %.0f items/s\n", "cluster executor", items)

	fmt.Printf("\nround trip, cluster / bare: %.2fx (target <= 2x)\n", cf.rtMedian/bf.rtMedian)
	fmt.Printf("submit %d, cluster / bare: %.2fx (target >= 0.5x)\n", tasks, cf.submit/bf.submit)
	df, ok := runDask(dask)
	if !ok {
		return nil
	}
	report("Dask executor", df)
	fmt.Printf("round trip, Dask / cluster: %.1fx faster (target >= 10x)\n", df.rtMedian/cf.rtMedian)
	fmt.Printf("submit, cluster / Dask: %.1fx (target >= 20x)\n", cf.submit/df.submit)
	return nil
}

func report(name string, f figures) {
	fmt.Printf("%-18s round trip median %.0f us, p90 %.0f us; submit then results %.0f tasks/s\n",
		name, f.rtMedian, f.rtP90, f.submit)
}

// timeTrips times n calls of trip and returns the median and p90 in us.
func timeTrips(n int, trip func(int) error) (float64, float64, error) {
	ds := make([]float64, n)
	for i := range ds {
		start := time.Now()
		if err := trip(i); err != nil {
			return 0, 0, err
		}
		ds[i] = float64(time.Since(start).Nanoseconds()) / 1e3
	}
	slices.Sort(ds)
	return ds[n/2], ds[n*9/10], nil
}

// rate runs body rounds times and returns the median of n per second.
func rate(n, rounds int, body func() error) (float64, error) {
	rs := make([]float64, rounds)
	for i := range rs {
		start := time.Now()
		if err := body(); err != nil {
			return 0, err
		}
		rs[i] = float64(n) / time.Since(start).Seconds()
	}
	slices.Sort(rs)
	return rs[rounds/2], nil
}

func submitAll(e *cluster.Executor, n int) error {
	fs := make([]interface{ Err(time.Duration) error }, n)
	for i := range fs {
		f, err := executor.Submit(e, double, i)
		if err != nil {
			return err
		}
		fs[i] = f
	}
	for _, f := range fs {
		if err := f.Err(0); err != nil {
			return err
		}
	}
	return nil
}

func mapAll(e *cluster.Executor, n int) error {
	args := make([]int, n)
	for i := range args {
		args[i] = i
	}
	i := 0
	for v, err := range executor.Map(e, double, args) {
		if err != nil || v != 2*i {
			return fmt.Errorf("map item %d: %v, %v", i, v, err)
		}
		i++
	}
	return nil
}
