// Command getparsesave is Python's get -> parse -> save program, where each
// download's done callback parses the page and saves the result:
//
//	import concurrent.futures, threading, urllib.request
//
//	def get(url):
//	    with urllib.request.urlopen(url, timeout=10) as resp:
//	        return url, resp.read().decode()
//
//	def parse(page):
//	    url, html = page
//	    return {"url": url, "title": title_of(html), "words": ..., "links": ...}
//
//	def save(data):
//	    with lock:
//	        results[data["url"]] = data
//
//	def task(future):
//	    try:
//	        save(parse(future.result()))
//	    except Exception as exc:
//	        save_error(url_of(future), exc)
//
//	with concurrent.futures.ThreadPoolExecutor(max_workers=4) as executor:
//	    for url in URLS:
//	        executor.submit(get, url).add_done_callback(task)
//
// It runs the program twice against a small site it serves itself on
// 127.0.0.1: once with AddDoneCallback, as the Python program does, and once
// with callback.Then, where get runs on one thread pool, parse on another
// and save inline, and each step has a future of its own. Both print the
// same table, sorted by path.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

// config is what the flags set.
type config struct {
	workers int           // download workers
	parsers int           // parse workers, for the callback.Then version
	timeout time.Duration // per download
}

func main() {
	var c config
	flag.IntVar(&c.workers, "workers", 4, "goroutines downloading pages")
	flag.IntVar(&c.parsers, "parsers", 2, "goroutines parsing pages in the callback.Then version")
	flag.DurationVar(&c.timeout, "timeout", 10*time.Second, "time limit of one download")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: getparsesave [flags]\n\n"+
			"Downloads a small local site, parses each page and saves the result,\n"+
			"first with AddDoneCallback as in Python, then with callback.Then.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if c.workers < 1 || c.parsers < 1 {
		fmt.Fprintln(os.Stderr, "getparsesave: -workers and -parsers must be at least 1")
		os.Exit(2)
	}
	if err := run(os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "getparsesave:", err)
		os.Exit(1)
	}
}

// run serves the site, runs both versions and prints their tables.
func run(w io.Writer, c config) (err error) {
	srv, err := startServer()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, srv.close()) }()
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	d := &downloader{client: &http.Client{Transport: transport, Timeout: c.timeout}, base: srv.base}

	fmt.Fprintln(w, "== AddDoneCallback, as in Python")
	st, err := withDoneCallbacks(d, c)
	if err != nil {
		return err
	}
	st.print(w)

	fmt.Fprintln(w, "== callback.Then: get on one pool, parse on another, save inline")
	if st, err = withThen(d, c); err != nil {
		return err
	}
	st.print(w)
	return nil
}

// withDoneCallbacks is the Python program: the done callback of each
// download parses and saves, in the worker that downloaded.
func withDoneCallbacks(d *downloader, c config) (*store, error) {
	threads := threadpool.New(threadpool.WithMaxWorkers(c.workers))
	defer threads.Shutdown(true) // waits for the callbacks too: they run in the workers
	st := newStore()
	for _, path := range paths {
		f, err := executor.Submit(threads, d.get, path)
		if err != nil {
			return nil, err
		}
		f.AddDoneCallback(func(f *future.Future[page]) {
			p, err := f.Result(0)
			if err == nil {
				var r record
				if r, err = parse(context.Background(), p); err == nil {
					st.save(context.Background(), r)
					return
				}
			}
			st.fail(path, err)
		})
	}
	return st, nil
}

// withThen chains the steps: get on one pool, parse on another, save
// inline in the parser that finished. Each step has a future; a failed
// step fails the ones after it, which never run.
func withThen(d *downloader, c config) (*store, error) {
	threads := threadpool.New(threadpool.WithMaxWorkers(c.workers))
	defer threads.Shutdown(true)
	parsers := threadpool.New(threadpool.WithMaxWorkers(c.parsers))
	defer parsers.Shutdown(true)
	st := newStore()
	saved := make([]*future.Future[string], len(paths))
	for i, path := range paths {
		got, err := executor.Submit(threads, d.get, path)
		if err != nil {
			return nil, err
		}
		parsed := callback.Then(got, parsers, parse)
		saved[i] = callback.Then(parsed, nil, st.save)
	}
	for i, f := range saved {
		if err := f.Err(0); err != nil {
			st.fail(paths[i], err) // the get or parse error, unchanged
		}
	}
	return st, nil
}
