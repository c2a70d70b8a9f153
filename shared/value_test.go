package shared_test

import (
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
	"github.com/gocurrent/futures/shared"
)

func newValue[T any](t *testing.T, x T) *shared.Value[T] {
	t.Helper()
	v, err := shared.NewValue(x)
	require.NoError(t, err)
	t.Cleanup(func() { _ = v.Close() })
	return v
}

func start[A, R any](t *testing.T, fn func(context.Context, A) (R, error), arg A) *processpool.Process[R] {
	t.Helper()
	p, err := processpool.Start(fn, arg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Kill(); _, _ = p.Wait() })
	return p
}

func wait[R any](t *testing.T, p *processpool.Process[R]) (R, error) {
	t.Helper()
	select {
	case <-p.Done():
	case <-time.After(60 * time.Second):
		t.Fatal("the process did not end")
	}
	return p.Wait()
}

func newPool(t *testing.T, n int) *processpool.Pool {
	t.Helper()
	p, err := processpool.New(processpool.WithMaxWorkers(n))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, p.Shutdown(true)) })
	return p
}

func TestValueLocal(t *testing.T) {
	t.Run("word", func(t *testing.T) {
		v := newValue(t, int64(5))
		require.Equal(t, int64(5), v.Load())
		v.Store(7)
		require.Equal(t, int64(8), v.Update(func(x int64) int64 { return x + 1 }))
		require.Equal(t, int64(10), shared.Add(v, 2))
		require.Equal(t, int64(10), v.Load())
	})
	t.Run("small kinds", func(t *testing.T) {
		b := newValue(t, true)
		require.True(t, b.Load())
		b.Store(false)
		require.False(t, b.Load())
		i8 := newValue(t, int8(127))
		require.Equal(t, int8(-128), shared.Add(i8, 1), "int8 wraps as an int8")
		f := newValue(t, 0.0)
		f.Store(3.1415927)
		require.Equal(t, 3.1415927, f.Load())
	})
	t.Run("struct", func(t *testing.T) {
		type point struct {
			X, Y float64
			Tag  [3]byte
		}
		v := newValue(t, point{1, 2, [3]byte{'a'}})
		v.Store(point{X: 3})
		got := v.Update(func(p point) point { p.Y = 4; return p })
		require.Equal(t, point{X: 3, Y: 4}, got)
		require.Equal(t, got, v.Load())
	})
	t.Run("a panic in Update changes nothing and unlocks", func(t *testing.T) {
		v := newValue(t, big{1, 2, 3, 4})
		require.Panics(t, func() { v.Update(func(big) big { panic("no") }) })
		require.Equal(t, big{1, 2, 3, 4}, v.Load())
	})
	t.Run("Close", func(t *testing.T) {
		v, err := shared.NewValue(1)
		require.NoError(t, err)
		require.NoError(t, v.Close())
		require.ErrorIs(t, v.Close(), shared.ErrClosed)
		require.Panics(t, func() { v.Load() })
		_, err = v.GobEncode()
		require.ErrorIs(t, err, shared.ErrClosed)
	})
}

func TestValueRejectsPointers(t *testing.T) {
	type inner struct{ Name string }
	type outer struct {
		N     int
		Inner [2]inner
	}
	for _, c := range []struct {
		name string
		make func() error
		path string
	}{
		{"string", func() error { _, err := shared.NewValue(""); return err }, "string"},
		{"slice", func() error { _, err := shared.NewValue([]int{}); return err }, "[]int"},
		{"map", func() error { _, err := shared.NewArray([]map[int]int{nil}); return err }, "map[int]int"},
		{"pointer", func() error { _, err := shared.NewValue(new(int)); return err }, "*int"},
		{"interface", func() error { _, err := shared.NewValue[any](1); return err }, "interface {}"},
		{"chan", func() error { _, err := shared.NewValue(make(chan int)); return err }, "chan int"},
		{"func", func() error { _, err := shared.NewValue(func() {}); return err }, "func()"},
		{"uintptr", func() error { _, err := shared.NewValue(uintptr(0)); return err }, "uintptr"},
		{"nested field", func() error { _, err := shared.NewValue(outer{}); return err }, "shared_test.outer.Inner[0].Name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.make()
			var te *shared.TypeError
			require.ErrorAs(t, err, &te)
			require.Equal(t, c.path, te.Path)
			require.Contains(t, err.Error(), c.path)
		})
	}
}

// TestValueAcrossProcesses: a Store in a child is a Load in the parent,
// and Update from two processes at once loses nothing.
func TestValueAcrossProcesses(t *testing.T) {
	t.Run("the tutorial's f(n, a)", func(t *testing.T) {
		n := newValue(t, 0.0)
		a, err := shared.NewArray([]int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
		require.NoError(t, err)
		defer a.Close()
		_, err = wait(t, start(t, negate, pair{n, a}))
		require.NoError(t, err)
		require.Equal(t, 3.1415927, n.Load())
		require.Equal(t, []int32{0, -1, -2, -3, -4, -5, -6, -7, -8, -9}, a.Snapshot())
	})
	const n = 3000
	t.Run("Update from two processes", func(t *testing.T) {
		v := newValue(t, int64(0))
		p1, p2 := start(t, addN, counter{v, n}), start(t, addN, counter{v, n})
		_, err1 := wait(t, p1)
		_, err2 := wait(t, p2)
		require.NoError(t, err1)
		require.NoError(t, err2)
		require.Equal(t, int64(2*n), v.Load())
	})
	t.Run("Update of a two-slot value from two processes", func(t *testing.T) {
		v := newValue(t, big{})
		p1, p2 := start(t, addBigN, bigCounter{v, n}), start(t, addBigN, bigCounter{v, n})
		_, err1 := wait(t, p1)
		_, err2 := wait(t, p2)
		require.NoError(t, err1)
		require.NoError(t, err2)
		require.Equal(t, big{2 * n, 2 * n, 2 * n, 2 * n}, v.Load())
	})
	t.Run("Add from two processes", func(t *testing.T) {
		v := newValue(t, int64(0))
		p1, p2 := start(t, atomicAddN, counter{v, 20 * n}), start(t, atomicAddN, counter{v, 20 * n})
		_, err1 := wait(t, p1)
		_, err2 := wait(t, p2)
		require.NoError(t, err1)
		require.NoError(t, err2)
		require.Equal(t, int64(40*n), v.Load())
	})
	t.Run("pool tasks", func(t *testing.T) {
		v := newValue(t, int64(0))
		p := newPool(t, 2)
		var fs []*future.Future[int64]
		for range 10 {
			f, err := executor.Submit(p, addN, counter{v, 100})
			require.NoError(t, err)
			fs = append(fs, f)
		}
		for _, f := range fs {
			_, err := f.Result(time.Minute)
			require.NoError(t, err)
		}
		require.Equal(t, int64(1000), v.Load())
	})
}

// TestHolderKilledInUpdate: a process killed inside Update leaves the
// value as it was and the lock to the next locker.
func TestHolderKilledInUpdate(t *testing.T) {
	t.Run("word", func(t *testing.T) {
		v := newValue(t, int64(1))
		_, err := wait(t, start(t, dieInUpdate, v))
		require.ErrorIs(t, err, processpool.ErrWorkerExited)
		require.Equal(t, int64(1), v.Load())
		require.Equal(t, int64(2), updateWithin(t, v, func(x int64) int64 { return x + 1 }))
	})
	t.Run("two slots", func(t *testing.T) {
		v := newValue(t, big{1, 2, 3, 4})
		_, err := wait(t, start(t, dieInBigUpdate, v))
		require.ErrorIs(t, err, processpool.ErrWorkerExited)
		require.Equal(t, big{2, 2, 3, 4}, updateWithin(t, v, func(x big) big { x[0]++; return x }),
			"the dead process's value is not seen, and the old one is whole")
	})
}

func updateWithin[T any](t *testing.T, v *shared.Value[T], fn func(T) T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- v.Update(fn) }()
	select {
	case x := <-done:
		return x
	case <-time.After(10 * time.Second):
		t.Fatal("the dead process left the value locked")
	}
	panic("unreachable")
}

// TestMakerKilled: memory made by a process killed with SIGKILL lives on
// in the others, and nothing of it is left once they let go.
func TestMakerKilled(t *testing.T) {
	shm := listDir(t, "/dev/shm")
	tmp := listDir(t, os.TempDir())
	before := memfds(t)
	p := newPool(t, 2)
	m, err := executor.Apply(p, makeValue, 42)
	require.NoError(t, err)
	require.NoError(t, syscall.Kill(m.PID, syscall.SIGKILL))
	require.Eventually(t, func() bool { return syscall.Kill(m.PID, 0) != nil }, 10*time.Second, 10*time.Millisecond)
	m.V.Store(43)
	got, err := executor.Apply(p, loadValue, m.V)
	require.NoError(t, err, "another worker maps it through this process")
	require.Equal(t, int64(43), got)
	require.NoError(t, m.V.Close())
	require.Equal(t, before, memfds(t), "this process maps none of it any more")
	require.Equal(t, shm, listDir(t, "/dev/shm"))
	require.Equal(t, tmp, listDir(t, os.TempDir()))
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

// memfds counts this process's mappings and descriptors of shared memory.
func memfds(t *testing.T) int {
	t.Helper()
	maps, err := os.ReadFile("/proc/self/maps")
	require.NoError(t, err)
	n := strings.Count(string(maps), "memfd:gocurrent-shared")
	des, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	for _, de := range des {
		if l, err := os.Readlink("/proc/self/fd/" + de.Name()); err == nil && strings.Contains(l, "memfd:gocurrent-shared") {
			n++
		}
	}
	return n
}
