package processpool_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// The examples' functions: registered at package initialisation, so that
// the workers (this same program, started again) know them too.
var (
	square = processpool.Register(squareInt)
	upper  = processpool.Register(toUpper)
)

func squareInt(_ context.Context, x int) (int, error) { return x * x, nil }

func toUpper(_ context.Context, s string) (string, error) { return strings.ToUpper(s), nil }

var errNotFound = errors.New("not found")

func init() {
	processpool.Register(lookupUser)
	processpool.Register(crash)
	processpool.RegisterError(errNotFound)
}

func lookupUser(_ context.Context, name string) (int, error) {
	return 0, fmt.Errorf("user %q: %w", name, errNotFound)
}

func crash(_ context.Context, code int) (int, error) {
	os.Exit(code)
	return 0, nil
}

func ExampleMain() {
	// In a program (and in TestMain): the first statement of main.
	processpool.Main()
	fmt.Println("not a worker: Main returned")
	// Output: not a worker: Main returned
}

func ExampleNew() {
	p, err := processpool.New(processpool.WithMaxWorkers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Shutdown(true)

	f, _ := executor.Submit(p, square, 7)
	v, _ := f.Result(0)
	fmt.Println(v)

	for v, err := range executor.Map(p, square, []int{1, 2, 3, 4}) {
		fmt.Println(v, err)
	}
	// Output:
	// 49
	// 1 <nil>
	// 4 <nil>
	// 9 <nil>
	// 16 <nil>
}

func ExampleRegister() {
	p, _ := processpool.New()
	defer p.Shutdown(true)
	s, err := executor.Apply(p, upper, "shout")
	fmt.Println(s, err)

	// A closure cannot be found in another process.
	_, err = executor.Submit(p, func(context.Context, int) (int, error) { return 0, nil }, 1)
	fmt.Println(errors.Is(err, processpool.ErrNotRegistered))
	// Output:
	// SHOUT <nil>
	// true
}

func ExampleRemoteError() {
	p, _ := processpool.New(processpool.WithMaxWorkers(1))
	defer p.Shutdown(true)
	_, err := executor.Apply(p, lookupUser, "ada")
	var re *processpool.RemoteError
	fmt.Println(err)
	fmt.Println(errors.As(err, &re), re.Type)
	fmt.Println(errors.Is(err, errNotFound)) // registered with RegisterError
	// Output:
	// user "ada": not found
	// true *fmt.wrapError
	// true
}

func ExampleExitError() {
	p, _ := processpool.New(processpool.WithMaxWorkers(1))
	defer p.Shutdown(true)
	_, err := executor.Apply(p, crash, 99)
	var ee *processpool.ExitError
	fmt.Println(errors.Is(err, processpool.ErrWorkerExited), errors.As(err, &ee), ee.Status)

	// The pool replaced the worker.
	v, err := executor.Apply(p, square, 3)
	fmt.Println(v, err)
	// Output:
	// true true exit status 99
	// 9 <nil>
}

func ExampleWithInitializer() {
	p, _ := processpool.New(processpool.WithInitializer(setState, "configured"))
	defer p.Shutdown(true)
	s, _ := executor.Apply(p, getState, 0)
	fmt.Println(s)
	// Output: configured
}

func ExampleWithMaxTasksPerWorker() {
	p, _ := processpool.New(processpool.WithMaxWorkers(1), processpool.WithMaxTasksPerWorker(1))
	defer p.Shutdown(true)
	a, _ := executor.Apply(p, pid, 0)
	b, _ := executor.Apply(p, pid, 0)
	fmt.Println(a != b)
	// Output: true
}

func ExamplePool_Shutdown() {
	p, _ := processpool.New(processpool.WithMaxWorkers(1))
	f, _ := executor.Submit(p, sleep, 1e12) // runs for a long time
	for !f.Running() {
	}
	p.Shutdown(true, executor.Terminate()) // kills the worker at once
	fmt.Println(errors.Is(f.Err(0), processpool.ErrWorkerExited))
	// Output: true
}
