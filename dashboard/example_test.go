package dashboard_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/gocurrent/futures/dashboard"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

func Example() {
	pool := threadpool.New(threadpool.WithMaxWorkers(2), threadpool.WithName("squares"))
	defer pool.Shutdown(true)

	d := dashboard.New(dashboard.WithTitle("example"))
	d.AddExecutor(pool)
	bar := d.Track("squares")
	srv := httptest.NewServer(d) // a program would http.ListenAndServe("127.0.0.1:8080", d)
	defer srv.Close()

	square := func(_ context.Context, x int) (int, error) { return x * x, nil }
	sum := 0
	for v, err := range executor.Map(pool, square, []int{1, 2, 3, 4}, executor.WithProgress(bar.Progress)) {
		if err != nil {
			fmt.Println(err)
		}
		sum += v
	}
	pool.Shutdown(true) // the workers publish their last counts as they go
	s := d.Snapshot()
	fmt.Println(sum, s.Progress[0].Done, "of", s.Progress[0].Total, "done;", s.Executors[0].Name, "ran", s.Executors[0].Done)
	// Output: 30 4 of 4 done; squares ran 4
}
