// Command customexecutor writes an executor with nothing but the public API
// of package executor: a goroutine per task, at most N at once, in the
// spirit of a Python concurrent.futures.Executor subclass that overrides
// submit(). Every function of package executor (Submit, Map, MapAll, ...)
// then works on it unchanged.
//
//	go run ./examples/customexecutor
package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/gocurrent/futures/executor"
)

// Limited runs each task on a goroutine of its own, at most n at once,
// in submission order.
type Limited struct {
	slots chan struct{} // one element per running task

	mu      sync.Mutex
	queued  []executor.Task
	closed  bool
	running sync.WaitGroup
}

var _ executor.Executor = (*Limited)(nil)

// NewLimited returns an executor that runs at most n tasks at once.
func NewLimited(n int) *Limited {
	return &Limited{slots: make(chan struct{}, n)}
}

// MaxWorkers tells Map how many calls run at once (executor.Sizer).
func (l *Limited) MaxWorkers() int { return cap(l.slots) }

// Execute queues t and starts it as soon as a slot is free.
func (l *Limited) Execute(t executor.Task) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return executor.ErrShutdown
	}
	l.queued = append(l.queued, t)
	l.running.Add(1)
	go l.run()
	return nil
}

// run waits for a slot, then runs the oldest queued task, if any is left.
func (l *Limited) run() {
	defer l.running.Done()
	l.slots <- struct{}{}
	defer func() { <-l.slots }()
	l.mu.Lock()
	if len(l.queued) == 0 { // Shutdown cancelled it
		l.mu.Unlock()
		return
	}
	t := l.queued[0]
	l.queued = l.queued[1:]
	l.mu.Unlock()
	t.Run() // skips cancelled calls; turns panics into *executor.PanicError
}

// Shutdown refuses new tasks; with CancelPending it cancels the queued
// ones; with wait it returns once every goroutine has finished.
func (l *Limited) Shutdown(wait bool, opts ...executor.ShutdownOption) error {
	o := executor.ShutdownConfig(opts...)
	l.mu.Lock()
	l.closed = true
	var cancelled []executor.Task
	if o.CancelPending {
		cancelled, l.queued = l.queued, nil
	}
	l.mu.Unlock()
	for _, t := range cancelled {
		t.Cancel()
	}
	if wait {
		l.running.Wait()
	}
	return nil
}

func wordLength(_ context.Context, s string) (int, error) {
	if s == "" {
		return 0, fmt.Errorf("empty word")
	}
	return len(s), nil
}

func run(out *os.File) error {
	e := NewLimited(2)
	defer e.Shutdown(true)

	f, err := executor.Submit(e, wordLength, "executor")
	if err != nil {
		return err
	}
	n, err := f.Result(0)
	fmt.Fprintln(out, "Submit:", n, err)

	for v, err := range executor.Map(e, wordLength, []string{"go", "", "futures"}) {
		fmt.Fprintln(out, "Map:", v, err)
	}
	all, err := executor.MapAll(e, wordLength, []string{"a", "bb", "ccc"})
	fmt.Fprintln(out, "MapAll:", all, err)
	return nil
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customexecutor:", err)
		os.Exit(1)
	}
}
