// Command ascompleted is the ThreadPoolExecutor example of Python's
// concurrent.futures documentation, which loads pages in a pool of five
// threads and reports each as soon as it arrives:
//
//	import concurrent.futures
//	import urllib.request
//
//	URLS = ['http://www.foxnews.com/',
//	        'http://www.cnn.com/',
//	        'http://europe.wsj.com/',
//	        'http://www.bbc.co.uk/',
//	        'http://nonexistant-subdomain.python.org/']
//
//	# Retrieve a single page and report the URL and contents
//	def load_url(url, timeout):
//	    with urllib.request.urlopen(url, timeout=timeout) as conn:
//	        return conn.read()
//
//	# We can use a with statement to ensure threads are cleaned up promptly
//	with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
//	    # Start the load operations and mark each future with its URL
//	    future_to_url = {executor.submit(load_url, url, 60): url for url in URLS}
//	    for future in concurrent.futures.as_completed(future_to_url):
//	        url = future_to_url[future]
//	        try:
//	            data = future.result()
//	        except Exception as exc:
//	            print('%r generated an exception: %s' % (url, exc))
//	        else:
//	            print('%r page is %d bytes' % (url, len(data)))
//
// The sites are stand-ins served on 127.0.0.1 by the program itself, so it
// runs offline: four pages of different sizes, one missing page and one
// that answers more slowly than the timeout; URLs are printed relative to
// the server, whose port changes from run to run. Lines come in the order
// the pages arrive, which varies too.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

// paths are the pages to load, relative to the local server.
var paths = []string{"/foxnews", "/cnn", "/wsj", "/bbc", "/nonexistent", "/slow"}

func main() {
	timeout := flag.Duration("timeout", time.Second, "time limit of one page (Python's load_url timeout)")
	flag.Parse()
	if err := run(os.Stdout, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "ascompleted:", err)
		os.Exit(1)
	}
}

// run loads every page on a pool of five workers and prints each outcome
// as it completes.
func run(w io.Writer, timeout time.Duration) (err error) {
	srv, err := startServer()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, srv.close()) }()
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	l := &loader{client: &http.Client{Transport: transport}, timeout: timeout}

	pool := threadpool.New(threadpool.WithMaxWorkers(5))
	defer pool.Shutdown(true)
	// Start the load operations and mark each future with its URL.
	futureToURL := make(map[*future.Future[[]byte]]string)
	var fs []*future.Future[[]byte]
	for _, p := range paths {
		f, err := executor.Submit(pool, l.loadURL, srv.base+p)
		if err != nil {
			return err
		}
		futureToURL[f] = p
		fs = append(fs, f)
	}
	return report(w, fs, futureToURL)
}

// report prints the outcome of each future as it completes.
func report(w io.Writer, fs []*future.Future[[]byte], futureToURL map[*future.Future[[]byte]]string) error {
	for f, err := range future.AsCompleted(fs, 0) {
		if err != nil {
			return err // only a timeout of AsCompleted itself; none is set
		}
		url := futureToURL[f]
		if data, err := f.Result(0); err != nil {
			fmt.Fprintf(w, "'%s' generated an exception: %s\n", url, describe(err))
		} else {
			fmt.Fprintf(w, "'%s' page is %d bytes\n", url, len(data))
		}
	}
	return nil
}

// loader loads pages with a time limit for each.
type loader struct {
	client  *http.Client
	timeout time.Duration
}

// errStatus is the error of a page that did not answer 200 OK.
type errStatus int

func (e errStatus) Error() string {
	return fmt.Sprintf("HTTP Error %d: %s", int(e), http.StatusText(int(e)))
}

// loadURL retrieves a single page and returns its contents.
func (l *loader) loadURL(ctx context.Context, url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errStatus(resp.StatusCode)
	}
	return io.ReadAll(resp.Body)
}

// describe says what went wrong as urllib would, without the local
// server's address, which changes from run to run.
func describe(err error) string {
	var status errStatus
	switch {
	case errors.As(err, &status):
		return status.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	default:
		return strings.TrimSpace(err.Error())
	}
}
