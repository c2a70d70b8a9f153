package callback_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

func fetch(_ context.Context, url string) (string, error) {
	if strings.HasSuffix(url, "/missing") {
		return "", fmt.Errorf("GET %s: 404 Not Found", url)
	}
	return "<title>" + strings.TrimPrefix(url, "http://example.test/") + "</title>", nil
}

func title(_ context.Context, page string) (string, error) {
	t, _ := strings.CutPrefix(page, "<title>")
	t, _ = strings.CutSuffix(t, "</title>")
	return strings.ToUpper(t), nil
}

// Get on a thread pool, parse on another, save inline: each step runs on
// the executor it names, with no goroutine of its own.
func Example() {
	threads := threadpool.New()
	defer threads.Shutdown(true)
	parsers := threadpool.New(threadpool.WithMaxWorkers(2))
	defer parsers.Shutdown(true)

	got, _ := executor.Submit(threads, fetch, "http://example.test/home")
	parsed := callback.Then(got, parsers, title)
	saved := callback.Then(parsed, nil, func(_ context.Context, t string) (string, error) {
		return "saved " + t, nil
	})
	fmt.Println(saved.Result(0))
	// Output: saved HOME <nil>
}

func ExampleThen() {
	threads := threadpool.New()
	defer threads.Shutdown(true)

	page, _ := executor.Submit(threads, fetch, "http://example.test/missing")
	t := callback.Then(page, nil, title) // never runs: the fetch failed
	_, err := t.Result(0)
	fmt.Println(err)
	// Output: GET http://example.test/missing: 404 Not Found
}

func ExampleCatch() {
	page := callback.Catch(failed[string](errors.New("timeout")), nil,
		func(_ context.Context, err error) (string, error) { return "<title>offline</title>", nil })
	fmt.Println(callback.Then(page, nil, title).Result(0))
	// Output: OFFLINE <nil>
}

func ExampleHandle() {
	status := func(_ context.Context, page string, err error) (string, error) {
		if err != nil {
			return "failed: " + err.Error(), nil
		}
		return fmt.Sprintf("ok, %d bytes", len(page)), nil
	}
	for _, url := range []string{"http://example.test/home", "http://example.test/missing"} {
		f := future.New[string]()
		report := callback.Handle(f, nil, status)
		page, err := fetch(context.Background(), url)
		if err != nil {
			f.SetErr(err)
		} else {
			f.SetResult(page)
		}
		fmt.Println(report.Result(0))
	}
	// Output:
	// ok, 19 bytes <nil>
	// failed: GET http://example.test/missing: 404 Not Found <nil>
}

func ExampleFinally() {
	threads := threadpool.New()
	defer threads.Shutdown(true)

	conn := "open"
	f, _ := executor.Submit(threads, fetch, "http://example.test/home")
	f = callback.Finally(f, nil, func(context.Context) error {
		conn = "closed"
		return nil
	})
	page, err := f.Result(0)
	fmt.Println(page, err, conn)
	// Output: <title>home</title> <nil> closed
}

func ExampleAll() {
	threads := threadpool.New()
	defer threads.Shutdown(true)

	var pages []*future.Future[string]
	for _, name := range []string{"a", "b", "c"} {
		f, _ := executor.Submit(threads, fetch, "http://example.test/"+name)
		pages = append(pages, callback.Then(f, nil, title))
	}
	fmt.Println(callback.All(pages).Result(0))

	pages[1] = failed[string](errors.New("gone"))
	_, err := callback.All(pages).Result(0)
	var ie *callback.IndexError
	fmt.Println(errors.As(err, &ie), ie.Index, err)
	// Output:
	// [A B C] <nil>
	// true 1 callback: future 1: gone
}

func ExampleAny() {
	mirrors := []*future.Future[string]{
		failed[string](errors.New("mirror 1 down")),
		done("<title>from mirror 2</title>"),
	}
	fmt.Println(callback.Any(mirrors).Result(0))

	_, err := callback.Any(mirrors[:1]).Result(0)
	fmt.Println(err)
	// Output:
	// <title>from mirror 2</title> <nil>
	// callback: all 1 futures given to Any failed: mirror 1 down
}

func ExampleCompose() {
	threads := threadpool.New()
	defer threads.Shutdown(true)

	// The first page names the next one to fetch.
	first, _ := executor.Submit(threads, fetch, "http://example.test/next")
	second := callback.Compose(first, nil, func(_ context.Context, page string) (*future.Future[string], error) {
		name, _ := title(context.Background(), page)
		return executor.Submit(threads, fetch, "http://example.test/after-"+strings.ToLower(name))
	})
	fmt.Println(second.Result(0))
	// Output: <title>after-next</title> <nil>
}

func ExampleIndexError() {
	fs := []*future.Future[int]{done(1), failed[int](errors.New("bad input"))}
	_, err := callback.All(fs).Result(0)
	var ie *callback.IndexError
	if errors.As(err, &ie) {
		fmt.Println("future", ie.Index, "failed:", ie.Err)
	}
	// Output: future 1 failed: bad input
}

var urls = []string{"http://example.test/a", "http://example.test/missing", "http://example.test/c"}

func save(_ context.Context, t string) (string, error) { return "saved " + t, nil }

func ExamplePipeline_Run() {
	threads := threadpool.New(threadpool.WithMaxWorkers(4))
	defer threads.Shutdown(true)

	p := callback.NewPipeline3(
		callback.NewStage(threads, fetch, callback.WithName("get")),
		callback.NewStage(threads, title, callback.WithName("parse")),
		callback.NewStage(nil, save, callback.WithName("save")),
	)
	for v, err := range p.Run(context.Background(), slices.Values(urls)) {
		fmt.Printf("%q %v\n", v, err)
	}
	// Output:
	// "saved A" <nil>
	// "" callback: stage 0 (get): GET http://example.test/missing: 404 Not Found
	// "saved C" <nil>
}

func ExamplePipeline_RunUnordered() {
	threads := threadpool.New()
	defer threads.Shutdown(true)

	p := callback.NewPipeline2(callback.NewStage(threads, fetch), callback.NewStage(nil, title))
	results := make([]string, len(urls))
	for i, r := range p.RunUnordered(context.Background(), slices.Values(urls)) {
		results[i] = r.Value
		if r.Err != nil {
			results[i] = "error"
		}
	}
	fmt.Println(strings.Join(results, ", "))
	// Output: A, error, C
}

func ExampleNewStage() {
	threads := threadpool.New(threadpool.WithMaxWorkers(8))
	defer threads.Shutdown(true)

	// At most 2 downloads at once, although the pool has 8 workers.
	get := callback.NewStage(threads, fetch, callback.WithName("get"), callback.WithLimit(2))
	for v, err := range callback.NewPipeline(get).Run(context.Background(), slices.Values(urls[:1])) {
		fmt.Println(v, err)
	}
	// Output: <title>a</title> <nil>
}

func ExampleNewPipeline() {
	p := callback.NewPipeline(callback.NewStage(nil, title))
	for v := range p.Run(context.Background(), slices.Values([]string{"<title>x</title>"})) {
		fmt.Println(v)
	}
	// Output: X
}

func ExampleNewPipeline2() {
	p := callback.NewPipeline2(callback.NewStage(nil, fetch), callback.NewStage(nil, title))
	for v := range p.Run(context.Background(), slices.Values(urls[:1])) {
		fmt.Println(v)
	}
	// Output: A
}

func ExampleNewPipeline3() {
	p := callback.NewPipeline3(callback.NewStage(nil, fetch), callback.NewStage(nil, title), callback.NewStage(nil, save))
	for v := range p.Run(context.Background(), slices.Values(urls[2:])) {
		fmt.Println(v)
	}
	// Output: saved C
}

// Append builds pipelines of any length, checking at each step that the
// new stage takes what the pipeline gives.
func ExampleAppend() {
	p := callback.NewPipeline3(callback.NewStage(nil, fetch), callback.NewStage(nil, title), callback.NewStage(nil, save))
	count := callback.NewStage(nil, func(_ context.Context, s string) (int, error) { return len(s), nil })
	for v := range callback.Append(p, count).Run(context.Background(), slices.Values(urls[:1])) {
		fmt.Println(v)
	}
	// Output: 7
}

// WithBuffer bounds how far reading the inputs runs ahead of the results:
// here the endless input is read one item at a time, and nothing is read
// beyond the input whose result ends the loop.
func ExampleWithBuffer() {
	read := 0
	naturals := func(yield func(int) bool) {
		for i := 1; ; i++ {
			read++
			if !yield(i) {
				return
			}
		}
	}
	square := callback.NewStage(nil, func(_ context.Context, x int) (int, error) { return x * x, nil })
	for v := range callback.NewPipeline(square, callback.WithBuffer(1)).Run(context.Background(), naturals) {
		if v > 10 {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println("- inputs read:", read)
	// Output: 1 4 9 - inputs read: 4
}

func ExampleWithLimit() {
	threads := threadpool.New(threadpool.WithMaxWorkers(4))
	defer threads.Shutdown(true)

	// One database writer at a time, whatever the pool's size.
	var rows []string
	write := callback.NewStage(threads, func(_ context.Context, s string) (int, error) {
		rows = append(rows, s) // safe: the stage never runs twice at once
		return len(rows), nil
	}, callback.WithLimit(1))
	for range callback.NewPipeline(write).Run(context.Background(), slices.Values([]string{"a", "b", "c"})) {
	}
	slices.Sort(rows)
	fmt.Println(rows)
	// Output: [a b c]
}

func ExampleWithName() {
	parse := callback.NewStage(nil, func(context.Context, string) (int, error) { return 0, errors.New("bad HTML") },
		callback.WithName("parse"))
	for _, err := range callback.NewPipeline(parse).Run(context.Background(), slices.Values([]string{"<"})) {
		fmt.Println(err)
	}
	// Output: callback: stage 0 (parse): bad HTML
}

func ExampleStageError() {
	p := callback.NewPipeline2(callback.NewStage(nil, fetch), callback.NewStage(nil, title, callback.WithName("parse")))
	for _, err := range p.Run(context.Background(), slices.Values(urls[1:2])) {
		var se *callback.StageError
		if errors.As(err, &se) {
			fmt.Printf("stage %d %q failed: %v\n", se.Stage, se.Name, se.Err)
		}
	}
	// Output: stage 0 "" failed: GET http://example.test/missing: 404 Not Found
}
