package processpool_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/wire"
	"github.com/gocurrent/futures/processpool"
)

// TestCyclicAndDeepValues sends values gob would recurse on until the
// process dies: each must fail with ErrEncoding instead.
func TestCyclicAndDeepValues(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	cycle := &Node{V: 1}
	cycle.Next = &Node{V: 2, Next: cycle}
	t.Run("a cyclic argument fails at Submit", func(t *testing.T) {
		_, err := executor.Submit(p, listLen, cycle)
		require.ErrorIs(t, err, processpool.ErrEncoding)
		require.Contains(t, err.Error(), "cyclic")
		_, err = executor.MapAll(p, listLen, []*Node{list(3), cycle, list(2)}, executor.WithChunkSize(3))
		require.ErrorIs(t, err, processpool.ErrEncoding)
		require.Contains(t, err.Error(), "argument 1")
		_, err = executor.Submit(p, takesAny, any([]any{cycle}))
		require.ErrorIs(t, err, processpool.ErrEncoding, "a cycle behind an interface")
	})
	t.Run("too deep an argument fails at Submit", func(t *testing.T) {
		_, err := executor.Submit(p, listLen, list(wire.MaxDepth+10))
		require.ErrorIs(t, err, processpool.ErrEncoding)
		require.Contains(t, err.Error(), "deeper")
	})
	t.Run("a deep list within the bound crosses", func(t *testing.T) {
		n, err := executor.Apply(p, listLen, list(10_000))
		require.NoError(t, err)
		require.Equal(t, 10_000, n)
		shared := list(5)
		n, err = executor.Apply(p, pairLen, Pair{shared, shared})
		require.NoError(t, err, "shared pointers are not cycles")
		require.Equal(t, 10, n)
	})
	t.Run("a cyclic result fails its task, not the worker", func(t *testing.T) {
		before, err := executor.Apply(p, pid, 0)
		require.NoError(t, err)
		_, err = executor.Apply(p, makeCycle, 0)
		require.ErrorIs(t, err, processpool.ErrEncoding)
		require.Contains(t, err.Error(), "cyclic")
		after, err := executor.Apply(p, pid, 0)
		require.NoError(t, err)
		require.Equal(t, before, after, "the worker survives")
	})
}

// TestDroppedFields submits functions whose argument or result types
// have fields gob would silently leave out: Submit must refuse, naming
// the field.
func TestDroppedFields(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	_, err := executor.Submit(p, takesMixed, Mixed{Name: "x", count: 42})
	require.ErrorIs(t, err, processpool.ErrEncoding)
	require.Contains(t, err.Error(), "unexported field count")
	_, err = executor.Submit(p, makesMixed, "x")
	require.ErrorIs(t, err, processpool.ErrEncoding)
	require.Contains(t, err.Error(), "result type")
	require.Contains(t, err.Error(), "count")
	_, err = executor.Submit(p, takesWithChan, WithChan{Name: "x"})
	require.ErrorIs(t, err, processpool.ErrEncoding)
	require.Contains(t, err.Error(), "field Done, a channel")
	_, err = executor.Submit(p, takesAny, any(Mixed{Name: "x", count: 42}))
	require.ErrorIs(t, err, processpool.ErrEncoding, "a Mixed behind an interface")
	require.Contains(t, err.Error(), "count")
	n, err := executor.Apply(p, takesSecret, secret{n: 42})
	require.NoError(t, err, "a type that encodes itself keeps its unexported fields")
	require.Equal(t, 42, n)
}
