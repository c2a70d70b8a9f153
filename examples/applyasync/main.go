// Command applyasync ports Python's apply_async with a callback that
// collects results as they arrive, and an error_callback for failures:
//
//	import multiprocessing as mp
//
//	result_list = []
//	def log_result(result):
//	    result_list.append(result)   # runs in the parent, one at a time
//
//	def foo_pool(i):
//	    return i + 100
//
//	if __name__ == '__main__':
//	    pool = mp.Pool()
//	    for i in range(10):
//	        pool.apply_async(foo_pool, args=(i,), callback=log_result,
//	                         error_callback=print)
//	    pool.close()
//	    pool.join()
//	    print(result_list)
//
// In Go the callback is Future.AddDoneCallback; it runs in the pool's
// goroutine that completes the future, so it takes a lock.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

var fooPool = processpool.Register(addHundred)

func addHundred(_ context.Context, i int) (int, error) { return i + 100, nil }

func run(w io.Writer) error {
	pool, err := processpool.New()
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var results []int
	logResult := func(f *future.Future[int]) {
		v, err := f.Result(0)
		mu.Lock()
		defer mu.Unlock()
		if err != nil { // error_callback
			fmt.Fprintln(w, "error:", err)
			return
		}
		results = append(results, v)
	}
	for i := range 10 {
		f, err := executor.Submit(pool, fooPool, i)
		if err != nil {
			return err
		}
		f.AddDoneCallback(logResult)
	}
	pool.Shutdown(true)  // close() and join()
	slices.Sort(results) // arrival order varies, as in Python
	fmt.Fprintln(w, results)
	return nil
}

func main() {
	processpool.Main()
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "applyasync:", err)
		os.Exit(1)
	}
}
