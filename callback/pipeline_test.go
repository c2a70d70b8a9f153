package callback_test

import (
	"context"
	"errors"
	"iter"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

// ints returns the sequence 0, 1, ..., n-1.
func ints(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// collect runs p over inputs in input order and returns every value and
// error.
func collect[In, Out any](p *callback.Pipeline[In, Out], inputs iter.Seq[In]) ([]Out, []error) {
	var vs []Out
	var errs []error
	for v, err := range p.Run(context.Background(), inputs) {
		vs = append(vs, v)
		errs = append(errs, err)
	}
	return vs, errs
}

func TestPipelineOrder(t *testing.T) {
	const n = 20
	// Item 0 is held back until item 5 has left the first stage, so
	// items finish out of input order.
	g := newGate(t)
	first := callback.NewStage(pool(t, 4), func(_ context.Context, x int) (int, error) {
		if x == 0 {
			g.wait()
		}
		return x, nil
	})
	second := callback.NewStage(nil, func(_ context.Context, x int) (string, error) {
		if x == 5 {
			g.open()
		}
		return strconv.Itoa(x), nil
	})
	p := callback.NewPipeline2(first, second)
	t.Run("Run yields in input order", func(t *testing.T) {
		g = newGate(t)
		vs, errs := collect(p, ints(n))
		want := make([]string, n)
		for i := range want {
			want[i] = strconv.Itoa(i)
		}
		require.Equal(t, want, vs)
		require.Equal(t, make([]error, n), errs)
	})
	t.Run("RunUnordered yields as completed, with positions", func(t *testing.T) {
		g = newGate(t)
		var order []int
		for i, r := range p.RunUnordered(context.Background(), ints(n)) {
			require.NoError(t, r.Err)
			require.Equal(t, strconv.Itoa(i), r.Value)
			order = append(order, i)
		}
		require.Len(t, order, n)
		require.NotEqual(t, 0, order[0], "item 0 finished after item 5")
		slices.Sort(order)
		require.Equal(t, slices.Collect(ints(n)), order)
	})
}

func TestPipelineItemErrors(t *testing.T) {
	var later counter
	p := callback.NewPipeline3(
		callback.NewStage(pool(t, 2), func(_ context.Context, x int) (int, error) {
			if x%3 == 1 {
				return 0, errBoom
			}
			return x, nil
		}, callback.WithName("first")),
		callback.NewStage(pool(t, 2), func(_ context.Context, x int) (int, error) {
			if x == 5 {
				panic("five")
			}
			return x, nil
		}),
		callback.NewStage(nil, later.double()),
	)
	vs, errs := collect(p, ints(9))
	for i := range 9 {
		var se *callback.StageError
		switch {
		case i%3 == 1:
			require.ErrorAs(t, errs[i], &se, "item %d", i)
			require.Equal(t, 0, se.Stage)
			require.Equal(t, "first", se.Name)
			require.ErrorIs(t, errs[i], errBoom)
			require.Equal(t, "callback: stage 0 (first): boom", errs[i].Error())
		case i == 5:
			require.ErrorAs(t, errs[i], &se)
			require.Equal(t, 1, se.Stage)
			var pe *executor.PanicError
			require.ErrorAs(t, errs[i], &pe)
			require.Equal(t, "five", pe.Value)
		default:
			require.NoError(t, errs[i], "item %d", i)
			require.Equal(t, 2*i, vs[i])
		}
	}
	require.Equal(t, 5, later.calls(), "failed items skip the later stages")
}

func TestPipelineExecutors(t *testing.T) {
	tags := new(sync.Map)
	threads := &tagged{pool(t, 2), "threads", tags}
	parsers := &tagged{pool(t, 2), "parsers", tags}
	var mu sync.Mutex
	seen := map[string]map[string]bool{}
	record := func(step string) {
		mu.Lock()
		defer mu.Unlock()
		if seen[step] == nil {
			seen[step] = map[string]bool{}
		}
		seen[step][where(tags)] = true
	}
	stage := func(e executor.Executor, name string) callback.Stage[int, int] {
		return callback.NewStage(e, func(_ context.Context, x int) (int, error) {
			record(name)
			return x, nil
		})
	}
	p := callback.Append(callback.NewPipeline3(stage(nil, "prepare"), stage(threads, "get"), stage(parsers, "parse")), stage(nil, "save"))
	_, errs := collect(p, ints(10))
	require.Equal(t, make([]error, 10), errs)
	require.Equal(t, map[string]map[string]bool{
		"prepare": {"caller": true},
		"get":     {"threads": true},
		"parse":   {"parsers": true},
		"save":    {"parsers": true},
	}, seen)
}

func TestPipelineShutdownExecutor(t *testing.T) {
	p := threadpool.New()
	require.NoError(t, p.Shutdown(true))
	pipe := callback.NewPipeline(callback.NewStage(p, double))
	_, errs := collect(pipe, ints(3))
	require.Len(t, errs, 3)
	for _, err := range errs {
		require.ErrorIs(t, err, executor.ErrShutdown)
	}
}

func TestPipelineExecutorPanics(t *testing.T) {
	_, errs := collect(callback.NewPipeline(callback.NewStage(broken{}, double)), ints(2))
	for _, err := range errs {
		var pe *executor.PanicError
		require.ErrorAs(t, err, &pe)
	}
}

func TestPipelineTypes(t *testing.T) {
	t.Run("four stages of different types", func(t *testing.T) {
		p := callback.Append(callback.NewPipeline3(
			callback.NewStage(nil, itoa),
			callback.NewStage(nil, func(_ context.Context, s string) ([]byte, error) { return []byte(s + s), nil }),
			callback.NewStage(pool(t, 2), func(_ context.Context, b []byte) (int, error) { return len(b), nil }),
		), callback.NewStage(nil, double))
		vs, _ := collect(p, slices.Values([]int{1, 10, 100}))
		require.Equal(t, []int{4, 8, 12}, vs)
	})
	t.Run("nil interface values pass as zero values", func(t *testing.T) {
		p := callback.NewPipeline2(
			callback.NewStage(nil, func(_ context.Context, err error) (error, error) { return err, nil }),
			callback.NewStage(pool(t, 1), func(_ context.Context, err error) (bool, error) { return err == nil, nil }),
		)
		vs, errs := collect(p, slices.Values([]error{nil, errBoom}))
		require.Equal(t, []bool{true, false}, vs)
		require.Equal(t, []error{nil, nil}, errs)
	})
	t.Run("no inputs yield nothing", func(t *testing.T) {
		vs, errs := collect(callback.NewPipeline(callback.NewStage(nil, double)), ints(0))
		require.Empty(t, vs)
		require.Empty(t, errs)
	})
}

func TestPipelineReuse(t *testing.T) {
	p := callback.NewPipeline2(callback.NewStage(pool(t, 2), double), callback.NewStage(nil, itoa))
	seq := p.Run(context.Background(), ints(5))
	want := []string{"0", "2", "4", "6", "8"}
	for range 2 {
		var got []string
		for v, err := range seq {
			require.NoError(t, err)
			got = append(got, v)
		}
		require.Equal(t, want, got, "each range is a fresh iteration")
	}
	var wg sync.WaitGroup
	results := make([][]string, 4)
	for i := range results {
		wg.Go(func() { results[i], _ = collect(p, ints(5)) })
	}
	wg.Wait()
	for _, r := range results {
		require.Equal(t, want, r, "concurrent iterations do not mix")
	}
}

func TestPipelineGoexit(t *testing.T) {
	p := callback.NewPipeline2(
		callback.NewStage(pool(t, 2), double),
		callback.NewStage(nil, func(_ context.Context, x int) (int, error) {
			if x == 2 {
				runtime.Goexit()
			}
			return x, nil
		}),
	)
	vs, errs := collect(p, ints(4))
	require.Equal(t, []int{0, 0, 4, 6}, vs)
	require.NoError(t, errs[0])
	require.ErrorContains(t, errs[1], "Goexit")
	require.NoError(t, errors.Join(errs[2:]...))
}

func TestPipelinePanicsOnMisuse(t *testing.T) {
	for want, fn := range map[string]func(){
		"callback: NewStage: the function is nil":                         func() { callback.NewStage[int, int](nil, nil) },
		"callback: WithLimit(0): a stage must hold at least one item":     func() { callback.NewStage(nil, double, callback.WithLimit(0)) },
		"callback: WithBuffer(0): a pipeline must hold at least one item": func() { callback.NewPipeline(callback.NewStage(nil, double), callback.WithBuffer(0)) },
		"callback: stage 0 is the zero Stage; make stages with NewStage":  func() { callback.NewPipeline(callback.Stage[int, int]{}) },
		"callback: stage 1 is the zero Stage; make stages with NewStage":  func() { callback.NewPipeline2(callback.NewStage(nil, double), callback.Stage[int, int]{}) },
		"callback: a Pipeline without stages; make one with NewPipeline": func() {
			for range new(callback.Pipeline[int, int]).Run(context.Background(), ints(1)) {
			}
		},
	} {
		t.Run(want, func(t *testing.T) { require.PanicsWithValue(t, want, fn) })
	}
}
