package shared_test

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/gocurrent/futures/processpool"
	"github.com/gocurrent/futures/shared"
)

func init() {
	processpool.Register(fillDict)
	processpool.Register(addKeyN)
	processpool.Register(casN)
	processpool.Register(produce)
	processpool.Register(makeManager)
	processpool.Register(useAfterClose)
	processpool.Register(setGetN)
	processpool.Register(waitForStop)
}

type dictList struct {
	D *shared.Dict[string, int]
	L *shared.List[int]
	N int
}

func fillDict(_ context.Context, a dictList) (int, error) {
	for i := range a.N {
		if err := a.L.Append(i); err != nil {
			return 0, err
		}
	}
	return 0, a.D.Set("pid", os.Getpid())
}

func addKeyN(_ context.Context, a dictList) (int, error) {
	for range a.N {
		if _, err := shared.AddKey(a.D, "n", 1); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// casN increments d["n"] with Get and CompareAndSwap.
func casN(_ context.Context, a dictList) (int, error) {
	for range a.N {
		for {
			old, _, err := a.D.Get("n")
			if err != nil {
				return 0, err
			}
			ok, err := a.D.CompareAndSwap("n", old, old+1)
			if err != nil {
				return 0, err
			}
			if ok {
				break
			}
		}
	}
	return 0, nil
}

type queueArg struct {
	Q *shared.Queue[int]
	N int
}

func produce(ctx context.Context, a queueArg) (int, error) {
	for i := range a.N {
		if err := a.Q.Put(ctx, i); err != nil {
			return i, err
		}
	}
	return a.N, nil
}

type managed struct {
	D   *shared.Dict[string, int]
	Q   *shared.Queue[int]
	PID int
}

// makeManager makes a Manager in the worker and leaves it running.
func makeManager(context.Context, int) (managed, error) {
	m, err := shared.NewManager()
	if err != nil {
		return managed{}, err
	}
	d, err := shared.NewDict[string, int](m)
	if err != nil {
		return managed{}, err
	}
	q, err := shared.NewQueue[int](m, 0)
	if err != nil {
		return managed{}, err
	}
	return managed{D: d, Q: q, PID: os.Getpid()}, d.Set("a", 1)
}

// useAfterClose waits for the Manager to close, then checks that every
// method fails with ErrClosed.
func useAfterClose(_ context.Context, a dictList) (string, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, _, err := a.D.Get("x"); errors.Is(err, shared.ErrClosed) {
			break
		}
		if time.Now().After(deadline) {
			return "", errors.New("the manager never closed")
		}
		time.Sleep(time.Millisecond)
	}
	if err := a.D.Set("x", 1); !errors.Is(err, shared.ErrClosed) {
		return "Set", err
	}
	if err := a.L.Append(1); !errors.Is(err, shared.ErrClosed) {
		return "Append", err
	}
	return "ok", nil
}

func setGetN(_ context.Context, a dictList) (int, error) {
	for i := range a.N {
		if err := a.D.Set("k", i); err != nil {
			return 0, err
		}
		if _, _, err := a.D.Get("k"); err != nil {
			return 0, err
		}
	}
	return a.N, nil
}

// waitForStop sets "ready" and waits for "stop".
func waitForStop(_ context.Context, a dictList) (int, error) {
	if err := a.D.Set("ready", 1); err != nil {
		return 0, err
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, ok, err := a.D.Get("stop"); ok || err != nil {
			return 0, err
		}
		time.Sleep(time.Millisecond)
	}
	return 0, errors.New("never told to stop")
}
