package shared_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/shared"
)

func newManager(t *testing.T) *shared.Manager {
	t.Helper()
	m, err := shared.NewManager()
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func TestDict(t *testing.T) {
	m := newManager(t)
	type key struct {
		A int
		B string
	}
	d, err := shared.NewDict[key, map[string][]int](m)
	require.NoError(t, err)
	_, ok, err := d.Get(key{1, "x"})
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, d.Set(key{1, "x"}, map[string][]int{"a": {1, 2}}))
	require.NoError(t, d.Set(key{2, "y"}, nil))
	v, ok, err := d.Get(key{1, "x"})
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, map[string][]int{"a": {1, 2}}, v)
	n, err := d.Len()
	require.NoError(t, err)
	require.Equal(t, 2, n)
	require.NoError(t, d.Delete(key{2, "y"}))
	snap, err := d.Snapshot()
	require.NoError(t, err)
	require.Equal(t, map[key]map[string][]int{{1, "x"}: {"a": {1, 2}}}, snap)
	_, err = d.CompareAndSwap(key{1, "x"}, nil, nil)
	require.Error(t, err, "maps have no canonical encoding to compare")

	_, err = shared.NewDict[any, int](m)
	require.Error(t, err, "interface keys cannot be compared across processes")
}

func TestDictAtomic(t *testing.T) {
	m := newManager(t)
	d, err := shared.NewDict[string, int](m)
	require.NoError(t, err)
	actual, loaded, err := d.LoadOrStore("n", 5)
	require.NoError(t, err)
	require.False(t, loaded)
	require.Equal(t, 5, actual)
	actual, loaded, err = d.LoadOrStore("n", 6)
	require.NoError(t, err)
	require.True(t, loaded)
	require.Equal(t, 5, actual)
	ok, err := d.CompareAndSwap("n", 4, 7)
	require.NoError(t, err)
	require.False(t, ok)
	ok, err = d.CompareAndSwap("n", 5, 7)
	require.NoError(t, err)
	require.True(t, ok)
	got, err := shared.AddKey(d, "n", 3)
	require.NoError(t, err)
	require.Equal(t, 10, got)
	got, err = shared.AddKey(d, "missing", -2)
	require.NoError(t, err)
	require.Equal(t, -2, got, "a missing key counts as zero")

	small, err := shared.NewDict[string, int8](m)
	require.NoError(t, err)
	require.NoError(t, small.Set("x", 127))
	i8, err := shared.AddKey(small, "x", 1)
	require.NoError(t, err)
	require.Equal(t, int8(-128), i8, "wraps as an int8")
	fl, err := shared.NewDict[string, float64](m)
	require.NoError(t, err)
	f, err := shared.AddKey(fl, "x", 0.5)
	require.NoError(t, err)
	f, err = shared.AddKey(fl, "x", 0.25)
	require.NoError(t, err)
	require.Equal(t, 0.75, f)

	t.Run("from two processes", func(t *testing.T) {
		for _, c := range []struct {
			name string
			fn   func(context.Context, dictList) (int, error)
		}{{"AddKey", addKeyN}, {"Get and CompareAndSwap", casN}} {
			t.Run(c.name, func(t *testing.T) {
				d, err := shared.NewDict[string, int](m)
				require.NoError(t, err)
				require.NoError(t, d.Set("n", 0))
				const n = 300
				p1, p2 := start(t, c.fn, dictList{D: d, N: n}), start(t, c.fn, dictList{D: d, N: n})
				_, err1 := wait(t, p1)
				_, err2 := wait(t, p2)
				require.NoError(t, err1)
				require.NoError(t, err2)
				v, _, err := d.Get("n")
				require.NoError(t, err)
				require.Equal(t, 2*n, v)
			})
		}
	})
}

func TestList(t *testing.T) {
	m := newManager(t)
	l, err := shared.NewList[string](m)
	require.NoError(t, err)
	require.NoError(t, l.Append("a"))
	require.NoError(t, l.Append("b"))
	require.NoError(t, l.Set(1, "c"))
	x, err := l.Get(1)
	require.NoError(t, err)
	require.Equal(t, "c", x)
	_, err = l.Get(2)
	require.ErrorIs(t, err, shared.ErrOutOfRange)
	require.ErrorIs(t, l.Set(-1, "z"), shared.ErrOutOfRange)
	n, err := l.Len()
	require.NoError(t, err)
	require.Equal(t, 2, n)
	xs, err := l.Snapshot()
	require.NoError(t, err)
	require.Equal(t, []string{"a", "c"}, xs)
}

// TestManagerAcrossProcesses: proxies travel in task arguments and reach
// the same objects from pool workers.
func TestManagerAcrossProcesses(t *testing.T) {
	m := newManager(t)
	d, err := shared.NewDict[string, int](m)
	require.NoError(t, err)
	l, err := shared.NewList[int](m)
	require.NoError(t, err)
	p := newPool(t, 2)
	_, err = executor.MapAll(p, fillDict, []dictList{{d, l, 5}, {d, l, 5}, {d, l, 5}}, executor.WithChunkSize(1))
	require.NoError(t, err)
	n, err := l.Len()
	require.NoError(t, err)
	require.Equal(t, 15, n, "Appends from many processes lose nothing")
	pid, ok, err := d.Get("pid")
	require.NoError(t, err)
	require.True(t, ok)
	require.NotEqual(t, os.Getpid(), pid)
}
