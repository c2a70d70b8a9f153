// Package executortest is the behaviour suite that every Executor of this
// module must pass, as CPython runs its ExecutorTest against every
// executor: Run it from a test with a function that makes a fresh
// executor.
//
// The tasks it submits are the exported top-level functions of this
// package, so that a process pool can run them too: the tests of an
// executor of other processes call Register at initialisation.
package executortest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/gocurrent/futures/processpool"
)

// Double returns 2*x.
func Double(_ context.Context, x int) (int, error) { return 2 * x, nil }

// Fail returns an error whose text is msg.
func Fail(_ context.Context, msg string) (int, error) { return 0, errors.New(msg) }

// FailOdd returns 2*x for even x and an error naming x for odd x.
func FailOdd(_ context.Context, x int) (int, error) {
	if x%2 == 1 {
		return 0, fmt.Errorf("odd input %d", x)
	}
	return 2 * x, nil
}

// Panic panics with msg.
func Panic(_ context.Context, msg string) (int, error) { panic(msg) }

// Sleep sleeps for d, or until ctx ends, and returns d or ctx.Err().
func Sleep(ctx context.Context, d time.Duration) (time.Duration, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return d, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Block waits until ctx ends and returns ctx.Err(). It keeps a worker busy
// for exactly as long as a test wants.
func Block(ctx context.Context, _ struct{}) (struct{}, error) {
	<-ctx.Done()
	return struct{}{}, ctx.Err()
}

// Mark is the argument of Touch.
type Mark struct {
	Path  string        // file to create
	Sleep time.Duration // how long to take afterwards
}

// Touch creates m.Path, so that a test can see in any process whether a
// call ran, then sleeps for m.Sleep or until ctx ends.
func Touch(ctx context.Context, m Mark) (string, error) {
	if err := os.WriteFile(m.Path, nil, 0o600); err != nil {
		return "", err
	}
	_, err := Sleep(ctx, m.Sleep)
	return m.Path, err
}

// Register registers every function the suite submits with
// processpool.Register, for executors that run only registered functions
// (the process pool, the cluster). Call it from an init function of the
// test package, so that its worker processes register them too.
func Register() {
	processpool.Register(Double)
	processpool.Register(Fail)
	processpool.Register(FailOdd)
	processpool.Register(Panic)
	processpool.Register(Sleep)
	processpool.Register(Block)
	processpool.Register(Touch)
}
