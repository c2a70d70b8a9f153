// Command imap ports Pool.imap and Pool.imap_unordered from Python's
// multiprocessing documentation:
//
//	with Pool(processes=4) as pool:
//	    for i in pool.imap_unordered(f, range(10)):
//	        print(i)                  # in arbitrary order
//	    it = pool.imap(f, range(10))  # lazily, in order
//	    print(next(it), next(it))
//
// executor.MapSeq reads its input lazily with a bounded number of calls in
// flight, so it works on inputs that never end; executor.MapUnordered tells
// which input each result belongs to.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

var f = processpool.Register(squareOf)

func squareOf(_ context.Context, x int) (int, error) { return x * x, nil }

// naturals yields 0, 1, 2, ... and never ends.
func naturals(yield func(int) bool) {
	for i := 0; yield(i); i++ {
	}
}

func run(w io.Writer) error {
	pool, err := processpool.New(processpool.WithMaxWorkers(4))
	if err != nil {
		return err
	}
	defer pool.Shutdown(true)

	var unordered []string
	for i, r := range executor.MapUnordered(pool, f, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		if r.Err != nil {
			return r.Err
		}
		unordered = append(unordered, fmt.Sprintf("f(%d)=%d", i, r.Value))
	}
	slices.Sort(unordered) // they came in completion order
	fmt.Fprintln(w, "imap_unordered:", strings.Join(unordered, " "))

	fmt.Fprint(w, "imap over an endless input:")
	for v, err := range executor.MapSeq(pool, f, naturals, executor.WithBufferSize(8)) {
		if err != nil {
			return err
		}
		if v > 100 {
			break // stops reading the input and cancels what has not started
		}
		fmt.Fprint(w, " ", v)
	}
	fmt.Fprintln(w)
	return nil
}

func main() {
	processpool.Main()
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "imap:", err)
		os.Exit(1)
	}
}
