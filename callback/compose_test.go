package callback_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

func TestCompose(t *testing.T) {
	p := pool(t, 2)
	submitDouble := func(_ context.Context, x int) (*future.Future[int], error) { return executor.Submit(p, double, x) }
	tests := []struct {
		name     string
		upstream func() *future.Future[int]
		fn       func(context.Context, int) (*future.Future[int], error)
		want     outcome
	}{
		{"the inner future's value", func() *future.Future[int] { return done(4) }, submitDouble, outcome{value: 8}},
		{"the inner future's error", func() *future.Future[int] { return done(4) },
			func(context.Context, int) (*future.Future[int], error) { return failed[int](errOther), nil }, outcome{err: errOther}},
		{"a failed upstream", func() *future.Future[int] { return failed[int](errBoom) }, submitDouble, outcome{err: errBoom}},
		{"a cancelled upstream", cancelled[int], submitDouble, outcome{err: future.ErrCancelled}},
		{"the step's error", func() *future.Future[int] { return done(4) },
			func(context.Context, int) (*future.Future[int], error) { return nil, errBoom }, outcome{err: errBoom}},
		{"a nil future", func() *future.Future[int] { return done(4) },
			func(context.Context, int) (*future.Future[int], error) { return nil, nil }, outcome{err: callback.ErrNilFuture}},
		{"a panicking step", func() *future.Future[int] { return done(4) },
			func(context.Context, int) (*future.Future[int], error) { panic("no") }, outcome{panicked: true}},
	}
	for _, tt := range tests {
		for ename, e := range executors(t) {
			t.Run(tt.name+"/"+ename, func(t *testing.T) {
				requireOutcome(t, tt.want, callback.Compose(tt.upstream(), e, tt.fn))
			})
		}
	}
}

func TestComposeCancel(t *testing.T) {
	t.Run("before the step cancels upstream and the step never runs", func(t *testing.T) {
		head := future.New[int]()
		var calls counter
		f := callback.Compose(head, nil, func(_ context.Context, x int) (*future.Future[int], error) {
			calls.n.Add(1)
			return done(x), nil
		})
		require.True(t, f.Cancel())
		require.True(t, head.Cancelled())
		require.Zero(t, calls.calls())
	})
	t.Run("while the inner future is pending cancels it", func(t *testing.T) {
		inner := future.New[int]()
		f := callback.Compose(done(1), nil, func(context.Context, int) (*future.Future[int], error) { return inner, nil })
		require.False(t, f.Done())
		require.False(t, f.Running(), "a composed future is pending until it ends")
		require.True(t, f.Cancel())
		require.True(t, inner.Cancelled())
	})
	t.Run("while the step runs cancels the future it returns", func(t *testing.T) {
		p := pool(t, 1)
		g := newGate(t)
		inner := future.New[int]()
		f := callback.Compose(done(1), p, func(context.Context, int) (*future.Future[int], error) {
			g.wait()
			return inner, nil
		})
		g.awaitStart(t)
		require.True(t, f.Cancel())
		g.open()
		require.ErrorIs(t, inner.Err(long), future.ErrCancelled)
	})
}
