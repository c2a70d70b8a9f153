// Command downloadparse downloads a list of URLs on a thread pool, parses
// each page on a process pool and saves one JSON line per URL, with a
// progress bar, an optional live dashboard and a summary of the pools'
// statistics. It mirrors the classic Python exercise that reads
// download.txt and chains
//
//	executor.submit(get, url).add_done_callback(parse_and_save)
//
// With no URLs it serves a generated sample site on 127.0.0.1 and crawls
// that, so it works offline. A 404, a timeout, a refused connection or a
// page that is not HTML becomes a row with an error, never a stopped batch.
//
//	go run ./examples/downloadparse                       # the sample site
//	go run ./examples/downloadparse -file download.txt    # one URL per line
//	go run ./examples/downloadparse https://go.dev/ www.sina.com.cn
//	go run ./examples/downloadparse -dashboard 127.0.0.1:8080   # watch it live
//
// A bare host name (www.sina.com.cn) is fetched as http://www.sina.com.cn/.
// With -dashboard, the sample site answers each page after about -latency
// (250ms unless given) so that the crawl can be watched, and the dashboard stays
// up after the crawl until Ctrl-C (or -linger).
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
// because of its dependencies (NATS, a progress bar, x/net/html); the
// repository's go.work lets `go run ./examples/downloadparse` work from
// the repository root.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/processpool"
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
	dashboard   string           // address to serve the dashboard on; "" for none
	latency     time.Duration    // the sample site's delay per page
	linger      time.Duration    // how long the dashboard stays up after the crawl; < 0: until interrupted
	ready       func(url string) // if set, called with the dashboard's URL once it listens (tests)
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
	fs.StringVar(&c.dashboard, "dashboard", "", "serve a live dashboard on this address, e.g. 127.0.0.1:8080")
	fs.DurationVar(&c.latency, "latency", 0, "about how long each page of the sample site takes (default 250ms with -dashboard)")
	fs.DurationVar(&c.linger, "linger", 0, "keep the dashboard up this long after the crawl (default: until Ctrl-C)")
	fs.BoolVar(&c.cluster, "cluster", false, "parse on the cluster executor (NATS JetStream; embedded unless -nats) with -parsers local workers")
	fs.StringVar(&c.nats, "nats", "", "with -cluster: an existing NATS server with JetStream, such as nats://host:4222")
	fs.StringVar(&c.worker, "worker", "", "serve parse calls for the cluster at this NATS URL until interrupted, with -parsers calls at once")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.nats != "" {
		c.cluster = true
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if c.dashboard != "" && !set["latency"] {
		c.latency = 250 * time.Millisecond
	}
	if c.dashboard != "" && !set["linger"] {
		c.linger = -1
	}
	if *short {
		c.pages, c.timeout, c.quiet = 40, 500*time.Millisecond, true
	}
	if c.downloaders < 1 || c.parsers < 0 || (c.parsers == 0 && c.nats == "") || c.pages < 1 || c.timeout <= 0 || c.latency < 0 {
		return c, errors.New("-downloaders, -parsers, -pages and -timeout must be positive (-parsers may be 0 with -nats), -latency not negative")
	}
	for _, u := range fs.Args() {
		c.urls = append(c.urls, normalizeURL(u))
	}
	return c, nil
}

// normalizeURL makes a bare host name, or host and path, an http:// URL:
// download lists often hold lines such as www.sina.com.cn.
func normalizeURL(u string) string {
	if strings.Contains(u, "://") {
		return u
	}
	return "http://" + strings.TrimPrefix(u, "//")
}

// readURLs reads a download list: one URL (or bare host name) per line,
// blank lines and lines starting with # left out.
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
			urls = append(urls, normalizeURL(line))
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
