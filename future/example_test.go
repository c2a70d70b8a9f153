package future_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/gocurrent/futures/future"
)

// A producer (normally an executor) drives the future; a consumer waits.
func ExampleNew() {
	f := future.New[string]()
	go func() {
		if !f.SetRunning() {
			return // cancelled while pending: the work must not run
		}
		_ = f.SetResult("hello")
	}()

	v, err := f.Result(0) // 0: no time limit
	fmt.Println(v, err)
	// Output: hello <nil>
}

func ExampleFuture_Result() {
	f := future.New[int]()

	_, err := f.Result(10 * time.Millisecond) // nobody completes it
	fmt.Println(errors.Is(err, future.ErrTimeout))

	_ = f.SetResult(42)
	v, err := f.Result(time.Second)
	fmt.Println(v, err)
	// Output:
	// true
	// 42 <nil>
}

func ExampleFuture_Await() {
	f := future.New[int]()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()

	_, err := f.Await(ctx) // ctx ends first: its error, the future is untouched
	fmt.Println(err, f.Done())
	// Output: context deadline exceeded false
}

func ExampleFuture_Err() {
	f := future.New[[]byte]()
	_ = f.SetErr(fmt.Errorf("read config: %w", fs.ErrNotExist))

	err := f.Err(0) // Python's exception(): nil on success
	fmt.Println(err)
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// read config: file does not exist
	// true
}

func ExampleFuture_Cancel() {
	pending, running := future.New[int](), future.New[int]()
	running.SetRunning()

	fmt.Println(pending.Cancel(), running.Cancel())
	fmt.Println(pending.Done(), pending.SetRunning()) // done at once; the work never starts
	_, err := pending.Result(0)
	fmt.Println(err)
	// Output:
	// true false
	// true false
	// future: cancelled
}

func ExampleFuture_AddDoneCallback() {
	f := future.New[int]()
	f.AddDoneCallback(func(f *future.Future[int]) {
		v, _ := f.Result(0) // done: does not block
		fmt.Println("first callback:", v)
	})
	f.AddDoneCallback(func(*future.Future[int]) { fmt.Println("second callback") })

	_ = f.SetResult(7) // both run here, in order, before SetResult returns
	f.AddDoneCallback(func(*future.Future[int]) { fmt.Println("late callback runs at once") })
	// Output:
	// first callback: 7
	// second callback
	// late callback runs at once
}

func ExampleFuture_DoneChan() {
	f := future.New[string]()
	go func() { _ = f.SetResult("ready") }()

	select {
	case <-f.DoneChan():
		v, _ := f.Result(0)
		fmt.Println(v)
	case <-time.After(10 * time.Second):
		fmt.Println("gave up")
	}
	// Output: ready
}

func ExampleFuture_String() {
	f := future.New[int]()
	_ = f.SetErr(errors.New("boom"))

	s := f.String() // "Future[int] <id> state=...": the id differs per run
	fmt.Println(s[:len("Future[int]")])
	fmt.Println(s[strings.Index(s, "state="):])
	// Output:
	// Future[int]
	// state=finished raised *errors.errorString (boom)
}

func ExampleWait() {
	download, parse, upload := future.New[int](), future.New[int](), future.New[int]()
	all := []*future.Future[int]{download, parse, upload}
	go func() { _ = parse.SetErr(errors.New("bad input")) }()

	done, notDone := future.Wait(all, 0, future.FirstException)
	fmt.Println(len(done), len(notDone), done[0] == parse)

	for _, f := range notDone {
		f.Cancel()
	}
	done, notDone = future.Wait(all, time.Second, future.AllCompleted)
	fmt.Println(len(done), len(notDone))
	// Output:
	// 1 2 true
	// 3 0
}

func ExampleWait_mixedTypes() {
	count, name := future.New[int](), future.New[string]()
	_ = name.SetResult("gopher")

	done, _ := future.Wait([]future.Awaitable{count, name}, 10*time.Millisecond, future.AllCompleted)
	fmt.Println(len(done), done[0] == future.Awaitable(name))
	// Output: 1 true
}

func ExampleWaitContext() {
	fs := []*future.Future[int]{future.New[int](), future.New[int]()}
	_ = fs[0].SetResult(1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()

	done, notDone := future.WaitContext(ctx, fs, future.AllCompleted) // ctx ends first
	fmt.Println(len(done), len(notDone))
	// Output: 1 1
}

func ExampleAsCompletedContext() {
	fs := []*future.Future[int]{future.New[int](), future.New[int]()}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = fs[1].SetResult(2) }()

	for f, err := range future.AsCompletedContext(ctx, fs) {
		if err != nil {
			fmt.Println(err)
			break
		}
		v, _ := f.Result(0)
		fmt.Println("got", v)
		cancel() // enough: give up on the rest
	}
	// Output:
	// got 2
	// context canceled: 1 (of 2) futures unfinished
}

func ExampleAsCompleted() {
	fs := []*future.Future[string]{future.New[string](), future.New[string](), future.New[string]()}
	_ = fs[2].SetResult("c")
	_ = fs[1].SetResult("b") // fs[0] never completes

	for f, err := range future.AsCompleted(fs, 10*time.Millisecond) {
		if err != nil {
			fmt.Println(err)
			break
		}
		v, _ := f.Result(0)
		fmt.Println(v)
	}
	// Output:
	// b
	// c
	// future: timed out: 1 (of 3) futures unfinished
}

func ExampleFuture_SetResult() {
	f := future.New[int]()
	fmt.Println(f.SetResult(1))

	err := f.SetResult(2) // the first outcome is kept
	fmt.Println(errors.Is(err, future.ErrInvalidState))
	v, _ := f.Result(0)
	fmt.Println(v)
	// Output:
	// <nil>
	// true
	// 1
}
