// Command downloadparse downloads a list of URLs on a thread pool, parses
// each page on a process pool and saves one JSON line per URL, with a
// progress bar and a summary. It mirrors the classic Python exercise that
// reads download.txt and chains
//
//	executor.submit(get, url).add_done_callback(parse_and_save)
//
// With no URLs it serves a generated sample site on 127.0.0.1 and crawls
// that, so it works offline. A 404, a timeout, a refused connection or a
// page that is not HTML becomes a row with an error, never a stopped batch.
//
//	go run ./examples/downloadparse                       # the sample site
//	go run ./examples/downloadparse -file download.txt    # one URL per line
//	go run ./examples/downloadparse https://go.dev/ https://example.com/
//
// With -cluster the parse stage runs on the cluster executor instead, over
// NATS JetStream: by default an embedded server and -parsers local worker
// processes, so one command still runs everything on one machine. The same
// binary serves as a parse worker on other machines with -worker:
//
//	go run ./examples/downloadparse -cluster                     # embedded server and workers
//	nats-server -js -a 0.0.0.0 -p 4222 &                        # or a real server, then
//	downloadparse -cluster -nats nats://host:4222 -parsers 0    # the crawler, on one machine
//	downloadparse -worker nats://host:4222                      # a parse worker, on each other one
//
// This program is a module of its own (examples/downloadparse/go.mod)
// because of the cluster's NATS dependency; the repository's go.work lets
// `go run ./examples/downloadparse` work from the repository root.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/processpool"
	"github.com/gocurrent/futures/threadpool"
)

// parse is Parse made runnable in the process pool's workers.
var parse = processpool.Register(Parse)

// client downloads the pages; its timeout is set from -timeout.
var client = &http.Client{}

// maxPage bounds how much of one response is read.
const maxPage = 8 << 20

func readAll(resp *http.Response) ([]byte, error) {
	return io.ReadAll(io.LimitReader(resp.Body, maxPage))
}

// config is what the flags say.
type config struct {
	downloaders int
	parsers     int
	out         string
	timeout     time.Duration
	file        string
	pages       int
	quiet       bool
	cluster     bool   // parse on the cluster executor
	nats        string // the cluster's server; "": an embedded one
	worker      string // serve parse calls for the cluster at this URL
	urls        []string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("downloadparse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: downloadparse [flags] [URL ...]\n\n"+
			"Downloads URLs on a thread pool, parses them on a process pool and writes one\n"+
			"JSON line per URL. URLs come from the arguments, or from -file (one per line,\n"+
			"# for comments); with neither, a generated site is served on 127.0.0.1 and crawled.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.IntVar(&c.downloaders, "downloaders", 16, "downloads at once (thread pool workers)")
	fs.IntVar(&c.parsers, "parsers", runtime.NumCPU(), "parser processes (process pool workers)")
	fs.StringVar(&c.out, "out", "results.jsonl", "file to write the JSON lines to")
	fs.DurationVar(&c.timeout, "timeout", 2*time.Second, "time limit for one download")
	fs.StringVar(&c.file, "file", "", "file with one URL per line, like Python's download.txt")
	fs.IntVar(&c.pages, "pages", 300, "pages of the sample site, when no URLs are given")
	short := fs.Bool("short", false, "a quick run: a small sample site, a short timeout and no progress bar")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress bar")
	fs.BoolVar(&c.cluster, "cluster", false, "parse on the cluster executor (NATS JetStream; embedded unless -nats) with -parsers local workers")
	fs.StringVar(&c.nats, "nats", "", "with -cluster: an existing NATS server with JetStream, such as nats://host:4222")
	fs.StringVar(&c.worker, "worker", "", "serve parse calls for the cluster at this NATS URL until interrupted, with -parsers calls at once")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.nats != "" {
		c.cluster = true
	}
	if *short {
		c.pages, c.timeout, c.quiet = 40, 500*time.Millisecond, true
	}
	if c.downloaders < 1 || c.parsers < 0 || (c.parsers == 0 && c.nats == "") || c.pages < 1 || c.timeout <= 0 {
		return c, errors.New("-downloaders, -parsers, -pages and -timeout must be positive (-parsers may be 0 with -nats)")
	}
	c.urls = fs.Args()
	return c, nil
}

// readURLs reads a download list: one URL per line, blank lines and lines
// starting with # left out.
func readURLs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var urls []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			urls = append(urls, line)
		}
	}
	return urls, sc.Err()
}

func main() {
	cluster.Main() // in a worker process (of either pool): serve parse calls, then exit
	c, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err == nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		if c.worker != "" {
			err = serveParse(ctx, c, os.Stdout)
		} else {
			err = run(ctx, c, os.Stdout, os.Stderr)
		}
		stop()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "downloadparse:", err)
		os.Exit(1)
	}
}

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
		urls = s.urls()
		fmt.Fprintf(stdout, "serving a sample site of %d pages at %s\n", c.pages, s.base)
	}
	out, err := os.Create(c.out)
	if err != nil {
		return err
	}
	st, err := crawl(ctx, c, urls, out, progress(stderr, len(urls), c.quiet))
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
func crawl(ctx context.Context, c config, urls []string, w io.Writer, tick func(stats)) (stats, error) {
	start := time.Now()
	threads := threadpool.New(threadpool.WithMaxWorkers(c.downloaders), threadpool.WithName("download"))
	defer threads.Shutdown(true)
	parsers, err := newParsers(c)
	if err != nil {
		return stats{}, err
	}
	defer parsers.Shutdown(true)

	enc := json.NewEncoder(w)
	pipeline := callback.NewPipeline2(
		callback.NewStage(threads, get, callback.WithName("get")),
		callback.NewStage(parsers, parse, callback.WithName("parse")),
		callback.WithBuffer(2*(c.downloaders+c.parsers)),
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
		st.elapsed = time.Since(start)
		tick(st)
	}
	return st, ctx.Err()
}

// progress returns a function that redraws a progress bar on w.
func progress(w io.Writer, total int, quiet bool) func(stats) {
	if quiet {
		return func(stats) {}
	}
	var last time.Time
	return func(st stats) {
		done := st.pages + st.errors
		if done < total && time.Since(last) < 100*time.Millisecond {
			return // redraw ten times a second at most
		}
		last = time.Now()
		const width = 40
		bar := strings.Repeat("#", width*done/total) + strings.Repeat(".", width-width*done/total)
		fmt.Fprintf(w, "\r[%s] %d/%d  %d errors", bar, done, total, st.errors)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
