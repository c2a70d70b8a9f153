// Command sharedmemory ports the shared-memory program of the
// multiprocessing tutorial: a Value and an Array made by the parent,
// changed by a child process, and seen changed by the parent after join:
//
//	import multiprocessing
//
//	def f(n, a):
//	    n.value = 3.14
//	    a[0] = 5
//
//	if __name__ == '__main__':
//	    num = multiprocessing.Value('d', 0.0)
//	    arr = multiprocessing.Array('i', range(10))
//	    p = multiprocessing.Process(target=f, args=(num, arr))
//	    p.start()
//	    p.join()
//	    print(num.value)
//	    print(arr[:])
//
// Value('d') is a shared.Value[float64], Array('i') a shared.Array[int32],
// Process(...).start() is processpool.Start and join() is Wait. The child
// gets handles on the parent's memory inside its argument, not copies.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gocurrent/futures/processpool"
	"github.com/gocurrent/futures/shared"
)

// Args is f's argument: the two shared objects.
type Args struct {
	N *shared.Value[float64]
	A *shared.Array[int32]
}

var f = processpool.Register(change)

// change is the tutorial's f(n, a), run in the child process.
func change(_ context.Context, args Args) (struct{}, error) {
	args.N.Store(3.14)
	args.A.Store(0, 5)
	return struct{}{}, nil
}

func main() {
	processpool.Main()
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	num, err := shared.NewValue(0.0)
	if err != nil {
		return err
	}
	defer num.Close()
	xs := make([]int32, 10)
	for i := range xs {
		xs[i] = int32(i)
	}
	arr, err := shared.NewArray(xs)
	if err != nil {
		return err
	}
	defer arr.Close()
	p, err := processpool.Start(f, Args{N: num, A: arr})
	if err != nil {
		return err
	}
	if _, err := p.Wait(); err != nil {
		return err
	}
	fmt.Fprintln(out, num.Load())
	fmt.Fprintln(out, pyList(arr.Snapshot()))
	return nil
}

// pyList formats xs as Python prints a list.
func pyList[T any](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}
