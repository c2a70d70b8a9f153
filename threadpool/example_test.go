package threadpool_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

func ExampleNew() {
	pool := threadpool.New(threadpool.WithMaxWorkers(4), threadpool.WithName("resize"))
	defer pool.Shutdown(true) // Python: with ThreadPoolExecutor(4) as pool:

	half := func(_ context.Context, px int) (int, error) { return px / 2, nil }
	for v, err := range executor.Map(pool, half, []int{1920, 1280, 640}) {
		fmt.Println(v, err)
	}
	// Output:
	// 960 <nil>
	// 640 <nil>
	// 320 <nil>
}

func ExampleWithInitializer() {
	var connections atomic.Int32
	pool := threadpool.New(threadpool.WithMaxWorkers(2), threadpool.WithInitializer(func() error {
		connections.Add(1) // e.g. open a per-worker connection
		return nil
	}))
	v, _ := executor.Apply(pool, func(_ context.Context, s string) (string, error) { return s + "!", nil }, "ready")
	pool.Shutdown(true)
	fmt.Println(v, connections.Load())

	broken := threadpool.New(threadpool.WithInitializer(func() error { return errors.New("no database") }))
	defer broken.Shutdown(true)
	_, err := executor.Apply(broken, func(_ context.Context, s string) (string, error) { return s, nil }, "x")
	fmt.Println(err)
	// Output:
	// ready! 1
	// threadpool: pool is broken: a worker's initializer failed: no database
}

func ExampleWithQueueSize() {
	pool := threadpool.New(threadpool.WithMaxWorkers(2), threadpool.WithQueueSize(100))
	defer pool.Shutdown(true)

	// Submit blocks while 100 tasks wait, so a fast producer cannot pile up
	// unbounded work; SubmitContext would give up when its context ends.
	var sum atomic.Int64
	add := func(_ context.Context, x int) (struct{}, error) { sum.Add(int64(x)); return struct{}{}, nil }
	for i := 1; i <= 10_000; i++ {
		if _, err := executor.Submit(pool, add, i); err != nil {
			panic(err)
		}
	}
	pool.Shutdown(true)
	fmt.Println(sum.Load())
	// Output: 50005000
}

func ExamplePool_Shutdown() {
	pool := threadpool.New()
	f, _ := executor.Submit(pool, func(_ context.Context, s string) (int, error) { return len(s), nil }, "hello")
	pool.Shutdown(true) // waits for f
	fmt.Println(f.Done())
	_, err := executor.Submit(pool, func(_ context.Context, s string) (int, error) { return len(s), nil }, "late")
	fmt.Println(err)
	// Output:
	// true
	// executor: cannot schedule work after Shutdown
}

func ExamplePool_Stats() {
	pool := threadpool.New(threadpool.WithMaxWorkers(2), threadpool.WithName("squares"))
	square := func(_ context.Context, x int) (int, error) { return x * x, nil }
	_, _ = executor.MapAll(pool, square, []int{1, 2, 3, 4, 5})
	pool.Shutdown(true)
	s := pool.Stats()
	fmt.Println(s.Name, s.Done, "done,", s.Failed, "failed,", s.Queued, "queued")
	// Output: squares 5 done, 0 failed, 0 queued
}
