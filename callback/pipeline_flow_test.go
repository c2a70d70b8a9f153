package callback_test

import (
	"context"
	"iter"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
)

// quiet is how long a test watches for something that must not happen.
// It can only make such a test miss a bug, never fail a correct program.
const quiet = 50 * time.Millisecond

// endless yields 0, 1, 2, ... until the consumer stops, counting reads.
func endless(reads *atomic.Int64) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; ; i++ {
			reads.Add(1)
			if !yield(i) {
				return
			}
		}
	}
}

func TestPipelineBackpressure(t *testing.T) {
	const buffer = 5
	var reads atomic.Int64
	var fast counter
	g := newGate(t)
	p := callback.NewPipeline2(
		callback.NewStage(nil, fast.double()),
		callback.NewStage(pool(t, 1), g.step()),
		callback.WithBuffer(buffer),
	)
	done := make(chan int, 1)
	go func() {
		n := 0
		for range p.Run(context.Background(), endless(&reads)) {
			n++
			// Reading stays at most buffer ahead of what was
			// delivered.
			if int(reads.Load()) > n-1+buffer {
				break
			}
			if n == 30 {
				break
			}
		}
		done <- n
	}()
	g.awaitStart(t)
	require.Eventually(t, func() bool { return reads.Load() == buffer }, long, time.Millisecond)
	time.Sleep(quiet)
	require.EqualValues(t, buffer, reads.Load(), "the fast stage ran ahead of the slow one")
	require.Equal(t, buffer, fast.calls())
	g.open()
	require.Equal(t, 30, <-done, "reading ran more than the buffer ahead of delivery")
}

func TestPipelineStageLimit(t *testing.T) {
	g := newGate(t)
	var active, most atomic.Int64
	p := callback.NewPipeline(callback.NewStage(pool(t, 4), func(_ context.Context, x int) (int, error) {
		n := active.Add(1)
		defer active.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		g.wait()
		return x, nil
	}, callback.WithLimit(2)))
	done := make(chan int, 1)
	go func() {
		n := 0
		for range p.RunUnordered(context.Background(), ints(10)) {
			n++
		}
		done <- n
	}()
	g.awaitStart(t)
	g.awaitStart(t)
	time.Sleep(quiet)
	require.Empty(t, g.started, "a third item entered a stage limited to two")
	g.open()
	require.Equal(t, 10, <-done)
	require.LessOrEqual(t, most.Load(), int64(2))
}

func TestPipelineEarlyBreak(t *testing.T) {
	for _, ordered := range []bool{true, false} {
		name := map[bool]string{true: "Run", false: "RunUnordered"}[ordered]
		t.Run(name+" stops reading and starts nothing more", func(t *testing.T) {
			e := pool(t, 2)
			var reads atomic.Int64
			var calls counter
			p := callback.NewPipeline2(callback.NewStage(e, calls.double()), callback.NewStage(nil, itoa))
			seq := p.Run(context.Background(), endless(&reads))
			if !ordered {
				seq = func(yield func(string, error) bool) {
					for _, r := range p.RunUnordered(context.Background(), endless(&reads)) {
						if !yield(r.Value, r.Err) {
							return
						}
					}
				}
			}
			n := 0
			for _, err := range seq {
				require.NoError(t, err)
				if n++; n == 3 {
					break
				}
			}
			atBreak, readAtBreak := calls.calls(), reads.Load()
			require.NoError(t, e.Shutdown(true), "every task of the pool has ended")
			require.LessOrEqual(t, calls.calls(), atBreak+2, "only calls already running may finish")
			require.Equal(t, readAtBreak, reads.Load(), "no input is read after the loop")
		})
	}
}

func TestPipelineBreakCancelsQueuedTasks(t *testing.T) {
	e := pool(t, 1)
	g := newGate(t)
	var calls counter
	p := callback.NewPipeline(callback.NewStage(e, func(_ context.Context, x int) (int, error) {
		calls.n.Add(1)
		if x == 1 {
			g.wait()
		}
		return x, nil
	}, callback.WithLimit(10)))
	for i := range p.RunUnordered(context.Background(), ints(100)) {
		require.Equal(t, 0, i, "item 1 holds the only worker")
		break
	}
	g.open()
	require.NoError(t, e.Shutdown(true))
	require.LessOrEqual(t, calls.calls(), 2, "tasks queued on the executor ran after the loop was left")
}

func TestPipelineContext(t *testing.T) {
	t.Run("Run yields the context's error once and stops", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		g := newGate(t)
		p := callback.NewPipeline(callback.NewStage(pool(t, 2), func(_ context.Context, x int) (int, error) {
			if x == 3 {
				g.wait()
			}
			return x, nil
		}))
		var errs []error
		go func() { <-g.started; cancel(); g.open() }()
		for _, err := range p.Run(ctx, ints(100)) {
			errs = append(errs, err)
		}
		require.NotEmpty(t, errs)
		require.ErrorIs(t, errs[len(errs)-1], context.Canceled)
		require.NotContains(t, errs[:len(errs)-1], context.Canceled, "the context error comes once, at the end")
		require.Less(t, len(errs), 100)
	})
	t.Run("RunUnordered yields it with position -1", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		p := callback.NewPipeline(callback.NewStage(nil, double))
		var got []int
		var last executor.Result[int]
		for i, r := range p.RunUnordered(ctx, ints(10)) {
			got, last = append(got, i), r
		}
		require.Equal(t, []int{-1}, got)
		require.ErrorIs(t, last.Err, context.Canceled)
	})
	t.Run("running calls see the context end when the loop is left", func(t *testing.T) {
		g := newGate(t)
		seen := make(chan error, 1)
		p := callback.NewPipeline(callback.NewStage(pool(t, 2), func(ctx context.Context, x int) (int, error) {
			if x == 1 {
				g.wait()
				<-ctx.Done()
				seen <- ctx.Err()
			}
			return x, nil
		}))
		for range p.RunUnordered(context.Background(), ints(2)) {
			g.awaitStart(t)
			g.open()
			break
		}
		select {
		case err := <-seen:
			require.ErrorIs(t, err, context.Canceled)
		case <-time.After(long):
			t.Fatal("the running call's context did not end")
		}
	})
}
