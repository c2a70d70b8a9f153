package processpool_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/gocurrent/futures/processpool"
)

// The functions the tests run in workers. Registering them in init makes
// them known to the worker processes, which run this same test binary.
func init() {
	processpool.Register(double)
	processpool.Register(pid)
	processpool.Register(fail)
	processpool.Register(panicky)
	processpool.Register(panicErr)
	processpool.Register(exit)
	processpool.Register(sleep)
	processpool.Register(waitCtx)
	processpool.Register(ignoreCtx)
	processpool.Register(echo)
	processpool.Register(mustNotRun)
	processpool.Register(makeChan)
	processpool.Register(setState)
	processpool.Register(getState)
	processpool.Register(failInit)
	processpool.Register(killSelf)
	processpool.Register(pgrp)
	processpool.Register(fatal)
	processpool.Register(wrapped)
	processpool.Register(nilPointer)
	processpool.RegisterError(errSentinel)
}

var errSentinel = errors.New("sentinel")

func double(_ context.Context, x int) (int, error) { return 2 * x, nil }

func pid(context.Context, int) (int, error) { return os.Getpid(), nil }

func fail(_ context.Context, msg string) (int, error) { return 0, errors.New(msg) }

func wrapped(_ context.Context, msg string) (int, error) {
	return 0, fmt.Errorf("%s: %w", msg, errSentinel)
}

func panicky(_ context.Context, msg string) (int, error) { panic(msg) }

func panicErr(_ context.Context, msg string) (int, error) { panic(errors.New(msg)) }

func exit(_ context.Context, code int) (int, error) {
	os.Exit(code)
	return 0, nil
}

func killSelf(_ context.Context, _ int) (int, error) {
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	time.Sleep(time.Minute)
	return 0, nil
}

func fatal(_ context.Context, _ int) (int, error) {
	m := map[int]int{}
	go func() {
		for i := 0; ; i++ {
			m[i] = i
		}
	}()
	for i := 0; ; i++ {
		m[-i] = i // concurrent map writes: a fatal runtime error
	}
}

func sleep(_ context.Context, d time.Duration) (int, error) {
	time.Sleep(d)
	return os.Getpid(), nil
}

// waitCtx waits for its context to end, at most d.
func waitCtx(ctx context.Context, d time.Duration) (int, error) {
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(d):
		return 0, errors.New("the context did not end")
	}
}

func ignoreCtx(_ context.Context, d time.Duration) (int, error) {
	time.Sleep(d)
	return 0, nil
}

func echo(_ context.Context, b []byte) ([]byte, error) { return b, nil }

func mustNotRun(_ context.Context, path string) (int, error) {
	return 0, os.WriteFile(path, []byte("ran"), 0o600)
}

// unsendable has no exported field: gob cannot encode it.
type unsendable struct{ c chan int }

// holder's value is encoded only if its dynamic type can be.
type holder struct{ V any }

// makeChan returns a result that fails to encode only once it exists.
func makeChan(context.Context, int) (holder, error) { return holder{make(chan int)}, nil }

func nilPointer(context.Context, int) (*int, error) { return nil, nil }

var state string

func setState(_ context.Context, s string) (int, error) {
	state = s
	return 0, nil
}

func getState(context.Context, int) (string, error) { return state, nil }

func failInit(_ context.Context, s string) (int, error) {
	if strings.HasPrefix(s, "exit") {
		os.Exit(1)
	}
	return 0, errors.New(s)
}

func pgrp(context.Context, int) (int, error) { return syscall.Getpgrp(), nil }

func takesChan(context.Context, chan int) (int, error) { return 0, nil }

func takesUnsendable(context.Context, unsendable) (int, error) { return 0, nil }

// notRegistered is never registered.
func notRegistered(context.Context, int) (int, error) { return 0, nil }

func init() {
	processpool.Register(takesChan)
	processpool.Register(takesUnsendable)
	processpool.Register(printLine)
}

func printLine(_ context.Context, s string) (int, error) {
	fmt.Println(s)
	return 0, nil
}
