package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/dashboard"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

// run crawls, writes c.out and prints the summary on stdout.
func run(ctx context.Context, c config, stdout, stderr io.Writer) error {
	client.Timeout = c.timeout
	defer client.CloseIdleConnections()
	urls := c.urls
	if c.file != "" {
		fromFile, err := readURLs(c.file)
		if err != nil {
			return err
		}
		urls = append(urls, fromFile...)
	}
	if len(urls) == 0 {
		s, err := startSite(c.pages, 4*c.timeout)
		if err != nil {
			return err
		}
		defer s.close()
		s.delay = c.latency
		urls = s.urls()
		fmt.Fprintf(stdout, "serving a sample site of %d pages at %s\n", c.pages, s.base)
	}
	out, err := os.Create(c.out)
	if err != nil {
		return err
	}
	st, err := crawl(ctx, c, urls, out, stdout, stderr)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	fmt.Fprintf(stdout, "%d URLs: %d pages parsed, %d errors, %d bytes, %v; results in %s\n",
		len(urls), st.pages, st.errors, st.bytes, st.elapsed.Round(time.Millisecond), c.out)
	if err != nil {
		return fmt.Errorf("interrupted after %d of %d URLs", st.pages+st.errors, len(urls))
	}
	return nil
}

// stats is the summary of a crawl.
type stats struct {
	pages, errors, bytes int
	elapsed              time.Duration
}

// crawl runs every URL through get (thread pool), parse (process pool) and
// save (inline), in input order, and writes one JSON line per URL to w.
// It draws a progress bar on stderr, serves the dashboard if asked, and
// prints the pools' statistics on stdout at the end.
func crawl(ctx context.Context, c config, urls []string, w io.Writer, stdout, stderr io.Writer) (stats, error) {
	start := time.Now()
	threads := threadpool.New(threadpool.WithMaxWorkers(c.downloaders), threadpool.WithName("download"))
	defer threads.Shutdown(true)
	parsers, err := newParsers(c)
	if err != nil {
		return stats{}, err
	}
	defer parsers.Shutdown(true)
	reporters := []executor.StatsReporter{threads}
	if r, ok := parsers.(executor.StatsReporter); ok { // the cluster executor has no stats yet
		reporters = append(reporters, r)
	}
	defer func() {
		threads.Shutdown(true) // its workers publish their last counts
		parsers.Shutdown(true)
		var all []executor.Stats
		for _, r := range reporters {
			all = append(all, r.Stats())
		}
		printStats(stdout, all...)
	}()

	d := dashboard.New(dashboard.WithTitle("downloadparse"))
	for _, r := range reporters {
		d.AddExecutor(r)
	}
	tracker := d.Track("crawl")
	tracker.SetTotal(len(urls))
	if c.dashboard != "" {
		stop, err := serveDashboard(ctx, c, d, stdout)
		if err != nil {
			return stats{}, err
		}
		defer stop()
	}
	report := progressBar(stderr, len(urls), c.quiet)
	enc := json.NewEncoder(w)
	pipeline := callback.NewPipeline2(
		callback.NewStage(threads, get, callback.WithName("get")),
		callback.NewStage(parsers, parse, callback.WithName("parse")),
		callback.WithBuffer(2*(c.downloaders+c.parsers)),
		callback.WithTotal(len(urls)),
		callback.WithProgress(func(done, total int) {
			tracker.Progress(done, total)
			report(done)
		}),
	)
	var st stats
	i := 0
	for s, err := range pipeline.Run(ctx, slices.Values(urls)) {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			break // interrupted: the pipeline says so once, for no URL in particular
		}
		if err != nil {
			s = Summary{URL: urls[i], Error: err.Error()}
			st.errors++
		} else {
			st.pages++
			st.bytes += s.Bytes
		}
		if err := enc.Encode(s); err != nil { // save: inline, in order
			return st, err
		}
		i++
	}
	st.elapsed = time.Since(start)
	return st, ctx.Err()
}

// progressBar returns the function that sets the progress bar on w.
func progressBar(w io.Writer, total int, quiet bool) func(done int) {
	if quiet {
		return func(int) {}
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("crawl"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("URLs"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
	return func(done int) { _ = bar.Set(done) }
}

// serveDashboard serves d on c.dashboard and returns the function that
// keeps it up for c.linger (until ctx ends, if negative) and stops it.
func serveDashboard(ctx context.Context, c config, d *dashboard.Dashboard, stdout io.Writer) (func(), error) {
	ln, err := net.Listen("tcp", c.dashboard)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	srv := &http.Server{Handler: d, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "dashboard: %s\n", url)
	if c.ready != nil {
		c.ready(url)
	}
	return func() {
		linger(ctx, c.linger, url, stdout)
		_ = srv.Close()
		<-done
	}, nil
}

// linger waits d, or until ctx ends if d < 0.
func linger(ctx context.Context, d time.Duration, url string, stdout io.Writer) {
	switch {
	case d == 0:
		return
	case d < 0:
		fmt.Fprintf(stdout, "the crawl is over; the dashboard stays up at %s until Ctrl-C\n", url)
		<-ctx.Done()
	default:
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
}

// printStats prints a summary of each pool's statistics.
func printStats(w io.Writer, all ...executor.Stats) {
	fmt.Fprintln(w, "pools:")
	for _, s := range all {
		d := s.Durations
		fmt.Fprintf(w, "  %s (%s): %d calls done, %d failed, %d cancelled; call time p50 %v, p90 %v, p99 %v, max %v\n",
			s.Name, s.Kind, s.Done, s.Failed, s.Cancelled, round(d.P50), round(d.P90), round(d.P99), round(d.Max))
		for _, ws := range s.Workers {
			busy := 0.0
			if total := ws.Busy + ws.Idle; total > 0 {
				busy = 100 * float64(ws.Busy) / float64(total)
			}
			fmt.Fprintf(w, "    %-12s pid %-7d %-8s %5d calls %3d failed, busy %3.0f%%\n",
				ws.Name, ws.PID, ws.State, ws.Tasks, ws.Failed, busy)
		}
	}
}

func round(d time.Duration) time.Duration {
	switch {
	case d > time.Second:
		return d.Round(time.Millisecond)
	case d > time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
