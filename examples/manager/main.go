// Command manager ports the Manager program of the multiprocessing
// tutorial: objects served by a Manager in the parent, changed by another
// process through proxies passed as arguments:
//
//	import multiprocessing
//
//	def f(x, arr, l):
//	    x.value = 3.14
//	    arr[0] = 5
//	    l.append('hello')
//
//	if __name__ == '__main__':
//	    server = multiprocessing.Manager()
//	    x = server.Value('d', 0.0)
//	    arr = server.Array('i', range(10))
//	    l = server.list()
//	    proc = multiprocessing.Process(target=f, args=(x, arr, l))
//	    proc.start()
//	    proc.join()
//	    print(x.value)
//	    print(arr)
//	    print(l)
//
// Here the work is a task of a process pool rather than a Process, and the
// Manager's value and array live in a shared.Dict and a shared.List (the
// Manager holds any gob-encodable type; shared.Value and shared.Array are
// the faster shared-memory twins). The proxies travel inside the task's
// argument and connect to the Manager from the worker.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
	"github.com/gocurrent/futures/shared"
)

// Args is f's argument: proxies on the Manager's objects.
type Args struct {
	X   *shared.Dict[string, float64] // x.value is X["value"]
	Arr *shared.List[int32]
	L   *shared.List[string]
}

var f = processpool.Register(change)

// change is the tutorial's f(x, arr, l), run in a worker process.
func change(_ context.Context, a Args) (struct{}, error) {
	if err := a.X.Set("value", 3.14); err != nil {
		return struct{}{}, err
	}
	if err := a.Arr.Set(0, 5); err != nil {
		return struct{}{}, err
	}
	return struct{}{}, a.L.Append("hello")
}

func main() {
	processpool.Main()
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	server, err := shared.NewManager()
	if err != nil {
		return err
	}
	defer server.Close()
	a, err := newArgs(server)
	if err != nil {
		return err
	}
	pool, err := processpool.New(processpool.WithMaxWorkers(1))
	if err != nil {
		return err
	}
	_, err = executor.Apply(pool, f, a)
	if serr := pool.Shutdown(true); err == nil {
		err = serr
	}
	if err != nil {
		return err
	}
	return show(out, a)
}

// newArgs makes x = Value('d', 0.0), arr = Array('i', range(10)) and
// l = list() on the Manager.
func newArgs(server *shared.Manager) (Args, error) {
	x, err := shared.NewDict[string, float64](server)
	if err == nil {
		err = x.Set("value", 0.0)
	}
	if err != nil {
		return Args{}, err
	}
	arr, err := shared.NewList[int32](server)
	for i := range int32(10) {
		if err == nil {
			err = arr.Append(i)
		}
	}
	if err != nil {
		return Args{}, err
	}
	l, err := shared.NewList[string](server)
	return Args{X: x, Arr: arr, L: l}, err
}

// show prints the objects as the Python program does.
func show(out io.Writer, a Args) error {
	x, _, err := a.X.Get("value")
	if err != nil {
		return err
	}
	arr, err := a.Arr.Snapshot()
	if err != nil {
		return err
	}
	l, err := a.L.Snapshot()
	if err != nil {
		return err
	}
	fmt.Fprintln(out, x)
	fmt.Fprintf(out, "array('i', %s)\n", pyList(arr, "%d"))
	fmt.Fprintln(out, pyList(l, "'%s'"))
	return nil
}

// pyList formats xs as Python prints a list.
func pyList[T any](xs []T, format string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprintf(format, x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}
