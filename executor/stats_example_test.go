package executor_test

import (
	"context"
	"fmt"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

func ExampleWithProgress() {
	pool := threadpool.New(threadpool.WithMaxWorkers(1))
	defer pool.Shutdown(true)
	// One chunk of four inputs, reported input by input.
	progress := func(done, total int) { fmt.Printf("%d/%d ", done, total) }
	for range executor.Map(pool, square, []int{1, 2, 3, 4}, executor.WithChunkSize(4), executor.WithProgress(progress)) {
	}
	fmt.Println()
	// Output: 0/4 1/4 2/4 3/4 4/4
}

func ExampleWorkerFrom() {
	pool := threadpool.New(threadpool.WithMaxWorkers(1), threadpool.WithName("fetcher"))
	defer pool.Shutdown(true)
	who := func(ctx context.Context, _ int) (string, error) {
		w, _ := executor.WorkerFrom(ctx) // Python: threading.current_thread().name
		return w.Name, nil
	}
	name, _ := executor.Apply(pool, who, 0)
	fmt.Println(name)
	// Output: fetcher-1
}

func ExampleStatsReporter() {
	pool := threadpool.New(threadpool.WithMaxWorkers(1)) // one worker: the errors come in input order
	for range executor.Map(pool, checkEven, []int{1, 2, 3, 4}) {
	}
	pool.Shutdown(true) // the workers publish their last counts as they go
	var e executor.Executor = pool
	if r, ok := e.(executor.StatsReporter); ok {
		s := r.Stats()
		fmt.Println(s.Kind, s.Done, "done,", s.Failed, "failed; last error:", s.Errors[len(s.Errors)-1].Error)
	}
	// Output: threadpool 2 done, 2 failed; last error: 3 is odd
}

// inline is an executor that runs every task in the submitting goroutine,
// keeping its statistics with a Collector: the hook any executor (a
// cluster's, yours) uses to implement StatsReporter.
type inline struct {
	stats  *executor.Collector
	worker *executor.Worker
}

func newInline() *inline {
	c := executor.NewCollector("inline", "here", nil)
	w := c.NewWorker(executor.WorkerInfo{ID: 1})
	w.SetState(executor.WorkerIdle)
	return &inline{stats: c, worker: w}
}

func (e *inline) Execute(t executor.Task) error {
	e.worker.SetState(executor.WorkerBusy)
	executor.RunOn(t, e.worker) // counts each call and names the worker in its ctx
	e.worker.Flush()
	e.worker.SetState(executor.WorkerIdle)
	return nil
}

func (e *inline) Shutdown(bool, ...executor.ShutdownOption) error {
	e.worker.SetState(executor.WorkerExited)
	return nil
}

func (e *inline) Stats() executor.Stats { return e.stats.Stats() }

func ExampleCollector() {
	e := newInline()
	defer e.Shutdown(true)
	got, _ := executor.MapAll(e, square, []int{1, 2, 3})
	s := e.Stats()
	fmt.Println(got, s.Name, s.Done, "done by", s.Workers[0].Name, s.Workers[0].State)
	// Output: [1 4 9] here 3 done by here-1 idle
}
