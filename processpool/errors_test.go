package processpool_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

func TestRemoteError(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	_, err := executor.Apply(p, fail, "boom")
	require.EqualError(t, err, "boom")
	var re *processpool.RemoteError
	require.ErrorAs(t, err, &re)
	require.Equal(t, "*errors.errorString", re.Type)
	require.Equal(t, "boom", re.Message)
	require.NotEqual(t, os.Getpid(), re.PID)
	require.NotEmpty(t, re.Stack)

	t.Run("well-known errors survive the trip", func(t *testing.T) {
		_, err := executor.Apply(p, wrapped, "context")
		require.EqualError(t, err, "context: sentinel")
		require.ErrorIs(t, err, errSentinel)
		require.NotErrorIs(t, err, context.Canceled)
	})
}

func TestPanicKeepsTheWorker(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	before, err := executor.Apply(p, pid, 0)
	require.NoError(t, err)
	_, err = executor.Apply(p, panicky, "oops")
	require.EqualError(t, err, "executor: task panicked: oops")
	var pe *executor.PanicError
	require.ErrorAs(t, err, &pe)
	require.Contains(t, string(pe.Stack), "panicky")
	require.Equal(t, "oops", pe.Value, "a string crosses as it is")
	_, err = executor.Apply(p, panicErr, "bad state")
	require.EqualError(t, err, "executor: task panicked: bad state")
	var re *processpool.RemoteError
	require.ErrorAs(t, err, &re, "an error value arrives described")
	require.Equal(t, "*errors.errorString", re.Type)
	require.ErrorAs(t, err, &pe)
	require.Same(t, re, pe.Value)
	after, err := executor.Apply(p, pid, 0)
	require.NoError(t, err)
	require.Equal(t, before, after, "the worker survives a panic")
}

func TestEncoding(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	t.Run("an argument that cannot be encoded fails at Submit", func(t *testing.T) {
		f, err := executor.Submit(p, takesChan, make(chan int))
		require.ErrorIs(t, err, processpool.ErrEncoding)
		require.Nil(t, f)
		require.Contains(t, err.Error(), "takesChan")
		_, err = executor.Submit(p, takesUnsendable, unsendable{})
		require.ErrorIs(t, err, processpool.ErrEncoding)
		_, err = executor.MapAll(p, takesUnsendable, []unsendable{{}, {}})
		require.ErrorIs(t, err, processpool.ErrEncoding)
	})
	t.Run("a result that cannot be encoded fails its task only", func(t *testing.T) {
		before, err := executor.Apply(p, pid, 0)
		require.NoError(t, err)
		_, err = executor.Apply(p, makeChan, 0)
		require.ErrorIs(t, err, processpool.ErrEncoding)
		require.Contains(t, err.Error(), "makeChan")
		after, err := executor.Apply(p, pid, 0)
		require.NoError(t, err)
		require.Equal(t, before, after, "the worker survives")
	})
	t.Run("nil pointers cross as nil", func(t *testing.T) {
		v, err := executor.Apply(p, nilPointer, 0)
		require.NoError(t, err)
		require.Nil(t, v)
	})
}

func TestLargeValues(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	big := []byte(strings.Repeat("0123456789abcdef", 4<<20)) // 64 MiB
	f, err := executor.Submit(p, echo, big)
	require.NoError(t, err)
	got, err := f.Result(time.Minute)
	require.NoError(t, err)
	require.True(t, bytes.Equal(got, big), "64 MiB came back changed")
	small, err := executor.Apply(p, echo, []byte("small"))
	require.NoError(t, err)
	require.Equal(t, "small", string(small))
}

func TestNotRegistered(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	_, err := executor.Submit(p, notRegistered, 1)
	require.ErrorIs(t, err, processpool.ErrNotRegistered)
	require.Contains(t, err.Error(), "processpool.Register(processpool_test.notRegistered)")
	closure := func(context.Context, int) (int, error) { return 0, nil }
	_, err = executor.Submit(p, closure, 1)
	require.ErrorIs(t, err, processpool.ErrNotRegistered)
	require.Contains(t, err.Error(), "closure")
	require.PanicsWithValue(t, "processpool: Register(github.com/gocurrent/futures/processpool_test.TestNotRegistered.func1): "+
		"only top-level functions can run in a process pool: a closure or method value has no name a worker process "+
		"can find; declare it as a top-level func", func() { processpool.Register(closure) })
	require.True(t, errors.Is(err, processpool.ErrNotRegistered))
}

func TestClosureNames(t *testing.T) {
	for name, want := range map[string]bool{
		"example.com/m/pkg.F":                      false,
		"example.com/m/pkg.func2":                  false,
		"example.com/m/pkg.funcSquare":             false,
		"example.com/m/pkg.G[...] func(int) (int)": false,
		"example.com/m/pkg.F.func1":                true,
		"example.com/m/pkg.init.func2.1":           true,
		"example.com/m/pkg.T.M-fm":                 true,
		"main.main.func1":                          true,
	} {
		require.Equal(t, want, processpool.IsClosure(name), name)
	}
}
