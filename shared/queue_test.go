package shared_test

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/shared"
)

func TestQueue(t *testing.T) {
	ctx := context.Background()
	m := newManager(t)
	t.Run("FIFO from another process", func(t *testing.T) {
		q, err := shared.NewQueue[int](m, 0)
		require.NoError(t, err)
		p := start(t, produce, queueArg{q, 100})
		for i := range 100 {
			x, err := q.Get(ctx)
			require.NoError(t, err)
			require.Equal(t, i, x)
		}
		_, err = wait(t, p)
		require.NoError(t, err)
	})
	t.Run("Get honours ctx and loses nothing", func(t *testing.T) {
		q, err := shared.NewQueue[string](m, 0)
		require.NoError(t, err)
		c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		begin := time.Now()
		_, err = q.Get(c)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Less(t, time.Since(begin), 5*time.Second)
		require.NoError(t, q.Put(ctx, "x"))
		x, err := q.Get(ctx)
		require.NoError(t, err)
		require.Equal(t, "x", x, "the cancelled Get took nothing")
		n, err := q.Len()
		require.NoError(t, err)
		require.Zero(t, n)
	})
	t.Run("a bounded Put blocks while full", func(t *testing.T) {
		q, err := shared.NewQueue[int](m, 2)
		require.NoError(t, err)
		require.NoError(t, q.Put(ctx, 1))
		require.NoError(t, q.Put(ctx, 2))
		c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		require.ErrorIs(t, q.Put(c, 3), context.DeadlineExceeded)
		put := make(chan error, 1)
		go func() { put <- q.Put(ctx, 4) }()
		select {
		case err := <-put:
			t.Fatalf("Put into a full queue returned %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		x, err := q.Get(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, x)
		select {
		case err := <-put:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("Put did not go through once there was room")
		}
		for _, want := range []int{2, 4} {
			x, err := q.Get(ctx)
			require.NoError(t, err)
			require.Equal(t, want, x, "the timed-out Put added nothing")
		}
	})
}

// TestManagerClosed: every method returns ErrClosed once the Manager is
// closed, in this process and in a worker, and a blocked Get returns.
func TestManagerClosed(t *testing.T) {
	ctx := context.Background()
	m, err := shared.NewManager()
	require.NoError(t, err)
	d, err := shared.NewDict[string, int](m)
	require.NoError(t, err)
	l, err := shared.NewList[int](m)
	require.NoError(t, err)
	q, err := shared.NewQueue[int](m, 1)
	require.NoError(t, err)
	require.NoError(t, d.Set("a", 1))
	worker := start(t, useAfterClose, dictList{D: d, L: l})
	got := make(chan error, 1)
	go func() { _, err := q.Get(ctx); got <- err }()
	time.Sleep(50 * time.Millisecond) // let Get block (if it has not yet, it fails the same way)
	require.NoError(t, m.Close())
	select {
	case err := <-got:
		require.ErrorIs(t, err, shared.ErrClosed)
	case <-time.After(10 * time.Second):
		t.Fatal("a blocked Get did not return when the manager closed")
	}
	_, _, err = d.Get("a")
	require.ErrorIs(t, err, shared.ErrClosed)
	require.ErrorIs(t, d.Set("a", 2), shared.ErrClosed)
	require.ErrorIs(t, d.Delete("a"), shared.ErrClosed)
	_, err = d.Len()
	require.ErrorIs(t, err, shared.ErrClosed)
	_, err = d.Snapshot()
	require.ErrorIs(t, err, shared.ErrClosed)
	_, err = shared.AddKey(d, "a", 1)
	require.ErrorIs(t, err, shared.ErrClosed)
	_, err = d.CompareAndSwap("a", 1, 2)
	require.ErrorIs(t, err, shared.ErrClosed)
	_, _, err = d.LoadOrStore("b", 1)
	require.ErrorIs(t, err, shared.ErrClosed)
	require.ErrorIs(t, l.Append(1), shared.ErrClosed)
	_, err = l.Get(0)
	require.ErrorIs(t, err, shared.ErrClosed)
	require.ErrorIs(t, l.Set(0, 1), shared.ErrClosed)
	_, err = l.Len()
	require.ErrorIs(t, err, shared.ErrClosed)
	_, err = l.Snapshot()
	require.ErrorIs(t, err, shared.ErrClosed)
	require.ErrorIs(t, q.Put(ctx, 1), shared.ErrClosed)
	_, err = q.Get(ctx)
	require.ErrorIs(t, err, shared.ErrClosed)
	_, err = q.Len()
	require.ErrorIs(t, err, shared.ErrClosed)
	_, err = shared.NewList[int](m)
	require.ErrorIs(t, err, shared.ErrClosed)
	_, err = shared.NewQueue[int](m, 0)
	require.ErrorIs(t, err, shared.ErrClosed)
	_, err = shared.NewDict[string, int](m)
	require.ErrorIs(t, err, shared.ErrClosed)
	require.ErrorIs(t, m.Close(), shared.ErrClosed)
	what, err := wait(t, worker)
	require.NoError(t, err)
	require.Equal(t, "ok", what)
}

// TestManagerKilled: the proxies of a Manager whose process was killed
// with SIGKILL fail with ErrClosed at once, a blocked Get included.
func TestManagerKilled(t *testing.T) {
	ctx := context.Background()
	p := newPool(t, 1)
	mm, err := executor.Apply(p, makeManager, 0)
	require.NoError(t, err)
	v, _, err := mm.D.Get("a")
	require.NoError(t, err)
	require.Equal(t, 1, v)
	got := make(chan error, 1)
	go func() { _, err := mm.Q.Get(ctx); got <- err }()
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, syscall.Kill(mm.PID, syscall.SIGKILL))
	select {
	case err := <-got:
		require.ErrorIs(t, err, shared.ErrClosed)
	case <-time.After(10 * time.Second):
		t.Fatal("a blocked Get hung on a dead manager")
	}
	begin := time.Now()
	_, _, err = mm.D.Get("a")
	require.ErrorIs(t, err, shared.ErrClosed)
	require.ErrorIs(t, mm.D.Set("a", 1), shared.ErrClosed)
	require.Less(t, time.Since(begin), 5*time.Second)
}

// TestManagerOtherUser: a connection from another user is refused.
func TestManagerOtherUser(t *testing.T) {
	m := newManager(t)
	d, err := shared.NewDict[string, int](m)
	require.NoError(t, err)
	require.NoError(t, d.Set("a", 1), "this user gets in")
	shared.AllowUID(m, os.Getuid()+1)
	other, err := shared.NewDict[string, int](m)
	require.NoError(t, err)
	// A new connection (a proxy in a new process) is refused; this
	// process's idle connection was let in before.
	_, err = wait(t, start(t, setGetN, dictList{D: other, N: 1}))
	require.ErrorIs(t, err, shared.ErrClosed)
	shared.AllowUID(m, os.Getuid())
	_, err = wait(t, start(t, setGetN, dictList{D: other, N: 1}))
	require.NoError(t, err)
}

// TestManagerAddressStaysPrivate: the Manager's address reaches a worker
// inside its task argument only, not on its command line or in its
// environment, and no socket file exists.
func TestManagerAddressStaysPrivate(t *testing.T) {
	tmp := listDir(t, os.TempDir())
	m := newManager(t)
	d, err := shared.NewDict[string, int](m)
	require.NoError(t, err)
	p := start(t, waitForStop, dictList{D: d})
	require.Eventually(t, func() bool { _, ok, _ := d.Get("ready"); return ok }, 30*time.Second, time.Millisecond)
	for _, f := range []string{"cmdline", "environ"} {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", p.PID(), f))
		require.NoError(t, err)
		require.NotContains(t, string(b), "manager", "the worker's %s", f)
	}
	require.NoError(t, d.Set("stop", 1))
	_, err = wait(t, p)
	require.NoError(t, err)
	require.Equal(t, tmp, listDir(t, os.TempDir()))
}
