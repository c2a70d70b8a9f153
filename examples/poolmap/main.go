// Command poolmap is the first example of Python's multiprocessing
// documentation, a square map over a pool of five processes:
//
//	from multiprocessing import Pool
//
//	def f(x):
//	    return x*x
//
//	if __name__ == '__main__':
//	    with Pool(5) as p:
//	        print(p.map(f, [1, 2, 3]))
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// square runs in the worker processes, so it is registered by name.
var square = processpool.Register(squareOf)

func squareOf(_ context.Context, x int) (int, error) { return x * x, nil }

func run(w io.Writer) error {
	p, err := processpool.New(processpool.WithMaxWorkers(5))
	if err != nil {
		return err
	}
	defer p.Shutdown(true)
	squares, err := executor.MapAll(p, square, []int{1, 2, 3})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, squares)
	return nil
}

func main() {
	processpool.Main() // in a worker process: serve, then exit
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "poolmap:", err)
		os.Exit(1)
	}
}
