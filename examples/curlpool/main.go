// Command curlpool ports the Python program that downloads a list of files
// with a pool of three, each call running wget (or curl) as a child process:
//
//	import subprocess
//	from multiprocessing import Pool
//
//	def download(url):
//	    return subprocess.call(['wget', '-q', url])
//
//	if __name__ == '__main__':
//	    with Pool(3) as pool:
//	        print(pool.map(download, urls))
//
// The calls spend their time waiting for the child process, so a thread
// pool of three is the right executor in Go. With no arguments the program
// serves a few files on 127.0.0.1 and downloads those into a temporary
// directory; it says so and exits cleanly when neither curl nor wget is
// installed.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

// errNoTool is returned when neither curl nor wget is installed.
var errNoTool = errors.New("neither curl nor wget is installed")

// downloader returns a task that fetches a URL into dir with curl or wget.
func downloader(dir string) (func(context.Context, string) (string, error), error) {
	var args func(url, out string) []string
	tool, err := exec.LookPath("curl")
	if err == nil {
		args = func(url, out string) []string { return []string{"-fsS", "-o", out, url} }
	} else if tool, err = exec.LookPath("wget"); err == nil {
		args = func(url, out string) []string { return []string{"-q", "-O", out, url} }
	} else {
		return nil, errNoTool
	}
	return func(ctx context.Context, url string) (string, error) {
		out := filepath.Join(dir, path.Base(url))
		cmd := exec.CommandContext(ctx, tool, args(url, out)...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("%s %s: %w: %s", filepath.Base(tool), url, err, strings.TrimSpace(string(msg)))
		}
		return out, nil
	}, nil
}

// serve serves a few text files on 127.0.0.1 and returns their URLs.
func serve() (urls []string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing.txt" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, "contents of %s\n", r.URL.Path)
	})}
	go srv.Serve(ln)
	for _, name := range []string{"a.txt", "b.txt", "c.txt", "d.txt", "missing.txt"} {
		urls = append(urls, "http://"+ln.Addr().String()+"/"+name)
	}
	return urls, func() { srv.Close() }, nil
}

func run(w io.Writer, urls []string) error {
	dir, err := os.MkdirTemp("", "curlpool")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	download, err := downloader(dir)
	if errors.Is(err, errNoTool) {
		fmt.Fprintln(w, "skipped:", err)
		return nil
	}
	if len(urls) == 0 {
		var stop func()
		if urls, stop, err = serve(); err != nil {
			return err
		}
		defer stop()
	}
	pool := threadpool.New(threadpool.WithMaxWorkers(3))
	defer pool.Shutdown(true)
	i := 0
	for file, err := range executor.Map(pool, download, urls, executor.WithChunkSize(1)) {
		url := urls[i]
		i++
		if err != nil {
			fmt.Fprintln(w, "failed:", path.Base(url))
			continue
		}
		body, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %s", filepath.Base(file), body)
	}
	return nil
}

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "curlpool:", err)
		os.Exit(1)
	}
}
