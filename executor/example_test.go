package executor_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

func square(_ context.Context, x int) (int, error) { return x * x, nil }

func checkEven(_ context.Context, x int) (int, error) {
	if x%2 == 1 {
		return 0, fmt.Errorf("%d is odd", x)
	}
	return x, nil
}

func ExampleSubmit() {
	pool := threadpool.New()
	defer pool.Shutdown(true)

	f, err := executor.Submit(pool, square, 12)
	if err != nil {
		panic(err) // only if pool was shut down
	}
	fmt.Println(f.Result(0))
	// Output: 144 <nil>
}

func ExampleSubmitContext() {
	pool := threadpool.New()
	defer pool.Shutdown(true)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	wait := func(ctx context.Context, _ int) (string, error) {
		<-ctx.Done() // a long call that honours its context
		return "", ctx.Err()
	}
	f, _ := executor.SubmitContext(ctx, pool, wait, 0)
	_, err := f.Result(0)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output: true
}

func ExampleApply() {
	pool := threadpool.New()
	defer pool.Shutdown(true)

	fmt.Println(executor.Apply(pool, square, 9))
	// Output: 81 <nil>
}

func ExampleMap() {
	pool := threadpool.New()
	defer pool.Shutdown(true)

	for v, err := range executor.Map(pool, checkEven, []int{2, 3, 4}) {
		fmt.Println(v, err)
	}
	// Output:
	// 2 <nil>
	// 0 3 is odd
	// 4 <nil>
}

func ExampleWithTimeout() {
	pool := threadpool.New(threadpool.WithMaxWorkers(1))
	defer pool.Shutdown(true)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // ends the slow call, which a deadline does not stop
	nap := func(ctx context.Context, d time.Duration) (time.Duration, error) {
		select {
		case <-time.After(d):
			return d, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	for v, err := range executor.Map(pool, nap, []time.Duration{0, time.Hour, 0},
		executor.WithTimeout(50*time.Millisecond), executor.WithChunkSize(1), executor.WithContext(ctx)) {
		fmt.Println(v, err)
	}
	// Output:
	// 0s <nil>
	// 0s future: timed out: the map's deadline of 50ms passed
}

func ExampleMapAll() {
	pool := threadpool.New()
	defer pool.Shutdown(true)

	squares, err := executor.MapAll(pool, square, []int{1, 2, 3, 4})
	fmt.Println(squares, err)

	evens, err := executor.MapAll(pool, checkEven, []int{2, 3, 4, 5})
	fmt.Println(evens, err)
	// Output:
	// [1 4 9 16] <nil>
	// [2 0 4 0] executor: 2 of 4 calls failed; the first, input 1: 3 is odd
}

func ExampleMapAsync() {
	pool := threadpool.New()
	defer pool.Shutdown(true)

	f := executor.MapAsync(pool, square, []int{5, 6, 7})
	// ... other work ...
	fmt.Println(f.Result(0))
	// Output: [25 36 49] <nil>
}

func ExampleMapUnordered() {
	pool := threadpool.New()
	defer pool.Shutdown(true)

	words := []string{"apple", "fig", "cherry"}
	length := func(_ context.Context, s string) (int, error) { return len(s), nil }
	var lines []string
	for i, r := range executor.MapUnordered(pool, length, words) {
		lines = append(lines, fmt.Sprintf("%s=%d", words[i], r.Value))
	}
	slices.Sort(lines) // completion order varies
	fmt.Println(strings.Join(lines, " "))
	// Output: apple=5 cherry=6 fig=3
}

func ExampleMapSeq() {
	pool := threadpool.New()
	defer pool.Shutdown(true)

	naturals := func(yield func(int) bool) { // never ends
		for i := 1; yield(i); i++ {
		}
	}
	for v, err := range executor.MapSeq(pool, square, naturals, executor.WithBufferSize(8)) {
		if err != nil || v > 50 {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	// Output: 1 4 9 16 25 36 49
}

func ExampleCancelPending() {
	pool := threadpool.New(threadpool.WithMaxWorkers(1))
	release := make(chan struct{})
	hold := func(_ context.Context, x int) (int, error) { <-release; return x, nil }

	running, _ := executor.Submit(pool, hold, 1)
	for !running.Running() {
		time.Sleep(time.Millisecond)
	}
	queued, _ := executor.Submit(pool, hold, 2)
	pool.Shutdown(false, executor.CancelPending()) // cancels the queued call
	close(release)
	pool.Shutdown(true) // waits for the running one
	fmt.Println(running.Result(0))
	fmt.Println(queued.Result(0))
	// Output:
	// 1 <nil>
	// 0 future: cancelled
}
