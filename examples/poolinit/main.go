// Command poolinit ports a multiprocessing.Pool with an initializer that
// sets per-worker state before the first task:
//
//	from multiprocessing import Pool
//
//	def init(x):
//	    global offset
//	    offset = x
//
//	def f(i):
//	    return i + offset
//
//	if __name__ == '__main__':
//	    with Pool(2, initializer=init, initargs=(1000,)) as p:
//	        print(p.map(f, range(5)))
//
// The initializer is a registered function like any task; the state it sets
// lives in each worker process, never in the parent.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// offset is set in each worker by setOffset; the parent never sets it.
var offset int

var (
	setOffset = processpool.Register(initOffset)
	addOffset = processpool.Register(plusOffset)
)

// initOffset is the initializer: init(x) in Python.
func initOffset(_ context.Context, x int) (struct{}, error) {
	offset = x
	return struct{}{}, nil
}

// plusOffset is the task: f(i) in Python.
func plusOffset(_ context.Context, i int) (int, error) { return i + offset, nil }

func run(w io.Writer) error {
	p, err := processpool.New(processpool.WithMaxWorkers(2), processpool.WithInitializer(setOffset, 1000))
	if err != nil {
		return err
	}
	defer p.Shutdown(true)
	got, err := executor.MapAll(p, addOffset, []int{0, 1, 2, 3, 4})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, got)
	fmt.Fprintln(w, "offset in the parent:", offset)
	return nil
}

func main() {
	processpool.Main()
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "poolinit:", err)
		os.Exit(1)
	}
}
