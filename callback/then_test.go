package callback_test

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

func TestThenOutcomes(t *testing.T) {
	tests := []struct {
		name      string
		upstream  func() *future.Future[int]
		fn        func(context.Context, int) (int, error)
		want      int
		wantErr   error
		wantPanic bool
		wantCalls int
	}{
		{name: "success maps the value", upstream: func() *future.Future[int] { return done(21) }, fn: double, want: 42, wantCalls: 1},
		{name: "failed upstream fails with its error", upstream: func() *future.Future[int] { return failed[int](errBoom) }, fn: double, wantErr: errBoom},
		{name: "cancelled upstream fails with ErrCancelled", upstream: cancelled[int], fn: double, wantErr: future.ErrCancelled},
		{name: "step error fails the future", upstream: func() *future.Future[int] { return done(1) }, fn: fail, wantErr: errBoom, wantCalls: 1},
		{name: "step panic becomes a PanicError", upstream: func() *future.Future[int] { return done(1) }, fn: explode, wantPanic: true, wantCalls: 1},
	}
	for _, tt := range tests {
		for ename, e := range executors(t) {
			t.Run(tt.name+"/"+ename, func(t *testing.T) {
				var calls counter
				fn := func(ctx context.Context, x int) (int, error) {
					calls.n.Add(1)
					return tt.fn(ctx, x)
				}
				f := callback.Then(tt.upstream(), e, fn)
				v, err := result(t, f)
				require.Equal(t, tt.wantCalls, calls.calls())
				require.False(t, f.Cancelled(), "a step fails, it is never cancelled by its upstream")
				switch {
				case tt.wantPanic:
					var pe *executor.PanicError
					require.ErrorAs(t, err, &pe)
					require.Equal(t, "kaboom", pe.Value)
					require.NotEmpty(t, pe.Stack)
				case tt.wantErr != nil:
					require.ErrorIs(t, err, tt.wantErr)
				default:
					require.NoError(t, err)
					require.Equal(t, tt.want, v)
				}
			})
		}
	}
}

func TestThenRunsInline(t *testing.T) {
	t.Run("in the goroutine that completes the future, before SetResult returns", func(t *testing.T) {
		f := future.New[int]()
		var ran uint64
		g := callback.Then(f, nil, func(_ context.Context, x int) (int, error) {
			ran = goid()
			return x + 1, nil
		})
		require.False(t, g.Done())
		completer := make(chan uint64)
		go func() {
			f.SetResult(1)
			completer <- goid()
		}()
		id := <-completer
		require.True(t, g.Done(), "the step ran before SetResult returned")
		require.Equal(t, id, ran)
		v, err := g.Result(0)
		require.NoError(t, err)
		require.Equal(t, 2, v)
	})
	t.Run("at once in the caller when the future is already done", func(t *testing.T) {
		var ran uint64
		g := callback.Then(done(1), nil, func(_ context.Context, x int) (int, error) {
			ran = goid()
			return x, nil
		})
		require.True(t, g.Done())
		require.Equal(t, goid(), ran)
	})
}

func TestThenChainAcrossExecutors(t *testing.T) {
	tags := new(sync.Map)
	threads := &tagged{pool(t, 2), "threads", tags}
	parsers := &tagged{pool(t, 2), "parsers", tags}
	var mu sync.Mutex
	ran := map[string]string{}
	record := func(step string) {
		mu.Lock()
		defer mu.Unlock()
		ran[step] = where(tags)
	}
	get, err := executor.Submit(threads, func(_ context.Context, url string) (string, error) {
		record("get")
		return "<title>" + url + "</title>", nil
	}, "a")
	require.NoError(t, err)
	parsed := callback.Then(get, parsers, func(_ context.Context, page string) (int, error) {
		record("parse")
		return len(page), nil
	})
	saved := callback.Then(parsed, nil, func(_ context.Context, n int) (string, error) {
		record("save")
		return "saved", nil
	})
	v, err := result(t, saved)
	require.NoError(t, err)
	require.Equal(t, "saved", v)
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, map[string]string{"get": "threads", "parse": "parsers", "save": "parsers"}, ran,
		"an inline step runs in the worker that completed the step before it")
}

func TestThenShutdownExecutor(t *testing.T) {
	p := threadpool.New()
	require.NoError(t, p.Shutdown(true))
	var calls counter
	f := callback.Then(done(1), p, calls.double())
	_, err := result(t, f)
	require.ErrorIs(t, err, executor.ErrShutdown)
	require.Zero(t, calls.calls())
}

func TestThenPanicInOneStepLeavesOthers(t *testing.T) {
	f := future.New[int]()
	boom := callback.Then(f, nil, explode)
	fine := callback.Then(f, nil, double)
	require.NoError(t, f.SetResult(4), "the completing goroutine is not disturbed by a panicking step")
	var pe *executor.PanicError
	require.ErrorAs(t, boom.Err(0), &pe)
	v, err := fine.Result(0)
	require.NoError(t, err)
	require.Equal(t, 8, v)
}

func TestThenGoexit(t *testing.T) {
	p := pool(t, 1)
	f := callback.Then(done(1), p, func(context.Context, int) (int, error) {
		runtime.Goexit()
		return 0, nil
	})
	_, err := result(t, f)
	require.ErrorContains(t, err, "Goexit")
	g := callback.Then(done(2), p, double)
	v, err := result(t, g)
	require.NoError(t, err, "the pool goes on")
	require.Equal(t, 4, v)
}

func TestThenPanicsOnNil(t *testing.T) {
	require.PanicsWithValue(t, "callback: Then: the future is nil", func() {
		callback.Then[int, int](nil, nil, double)
	})
	require.PanicsWithValue(t, "callback: Then: the function is nil", func() {
		callback.Then[int, int](done(1), nil, nil)
	})
}

func TestThenExecutorPanics(t *testing.T) {
	f := callback.Then(done(1), broken{}, double)
	var pe *executor.PanicError
	require.ErrorAs(t, f.Err(0), &pe, "a panic in Execute fails the step instead of leaving it pending")
	require.Equal(t, "broken executor", pe.Value)
}
