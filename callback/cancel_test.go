package callback_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

func TestCancelChain(t *testing.T) {
	t.Run("cancelling the last future cancels every pending step before it", func(t *testing.T) {
		p := pool(t, 2)
		var calls counter
		head := future.New[int]()
		a := callback.Then(head, p, calls.double())
		b := callback.Then(a, nil, calls.double())
		c := callback.Then(b, p, calls.double())
		require.True(t, c.Cancel())
		for name, f := range map[string]*future.Future[int]{"head": head, "a": a, "b": b, "c": c} {
			require.True(t, f.Cancelled(), name)
		}
		require.ErrorIs(t, head.SetResult(1), future.ErrInvalidState)
		require.Zero(t, calls.calls(), "no step may start")
	})
	t.Run("a step queued on its executor never starts", func(t *testing.T) {
		p := pool(t, 1)
		release := occupy(t, p)
		defer release()
		var calls counter
		queued := callback.Then(done(1), p, calls.double())
		last := callback.Then(queued, nil, calls.double())
		require.False(t, queued.Done(), "the step waits for the busy worker")
		require.True(t, last.Cancel())
		require.True(t, queued.Cancelled())
		release()
		// A task queued behind the cancelled one shows that the worker
		// has passed it.
		after, err := executor.Submit(p, double, 1)
		require.NoError(t, err)
		require.NoError(t, after.Err(long))
		require.Zero(t, calls.calls())
	})
	t.Run("a running step is not stopped and the step after it still fails", func(t *testing.T) {
		p := pool(t, 1)
		g := newGate(t)
		running := callback.Then(done(1), p, g.step())
		last := callback.Then(running, nil, double)
		g.awaitStart(t)
		require.True(t, last.Cancel(), "the last step has not started")
		require.False(t, running.Cancel(), "a running step cannot be cancelled")
		g.open()
		v, err := result(t, running)
		require.NoError(t, err)
		require.Equal(t, 1, v)
		require.True(t, last.Cancelled())
	})
	t.Run("shutdown with CancelPending cancels a queued step", func(t *testing.T) {
		p := pool(t, 1)
		release := occupy(t, p)
		var calls counter
		queued := callback.Then(done(1), p, calls.double())
		require.NoError(t, p.Shutdown(false, executor.CancelPending()))
		release()
		_, err := result(t, queued)
		require.ErrorIs(t, err, future.ErrCancelled)
		require.Zero(t, calls.calls())
	})
}

// TestEveryFutureEnds builds many random chains over random outcomes,
// cancels some of them at random points, and checks that every future
// made ends and that no step of a cancelled chain ran after being
// cancelled.
func TestEveryFutureEnds(t *testing.T) {
	p := pool(t, 3)
	rng := rand.New(rand.NewPCG(1, 2))
	var all []*future.Future[int]
	var heads []*future.Future[int]
	for range 200 {
		head := future.New[int]()
		heads = append(heads, head)
		f := head
		all = append(all, f)
		for range 1 + rng.IntN(5) {
			f = randomStep(rng, f, p)
			all = append(all, f)
		}
		if rng.IntN(4) == 0 {
			f.Cancel()
		}
	}
	for i, h := range heads {
		switch i % 3 {
		case 0:
			h.SetResult(i)
		case 1:
			h.SetErr(errBoom)
		default:
			h.Cancel()
		}
	}
	for i, f := range all {
		_, err := f.Result(long)
		require.False(t, errors.Is(err, future.ErrTimeout), "future %d never ended: %v", i, f)
	}
}

func randomStep(rng *rand.Rand, f *future.Future[int], p executor.Executor) *future.Future[int] {
	var e executor.Executor
	if rng.IntN(2) == 0 {
		e = p
	}
	switch rng.IntN(9) {
	case 0:
		return callback.Then(f, e, fail)
	case 1:
		return callback.Then(f, e, explode)
	case 2:
		return callback.Catch(f, e, func(context.Context, error) (int, error) { return -1, nil })
	case 3:
		return callback.Handle(f, e, func(_ context.Context, v int, err error) (int, error) { return v, err })
	case 4:
		return callback.Finally(f, e, func(context.Context) error { return nil })
	case 5:
		return callback.Compose(f, e, func(_ context.Context, x int) (*future.Future[int], error) {
			return executor.Submit(p, double, x)
		})
	case 6:
		sum := func(_ context.Context, xs []int) (int, error) { return xs[0] + xs[1], nil }
		return callback.Then(callback.All([]*future.Future[int]{f, f}), e, sum)
	case 7:
		return callback.Any([]*future.Future[int]{f, callback.Then(f, e, double)})
	default:
		return callback.Then(f, e, double)
	}
}
