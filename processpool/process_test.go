package processpool_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

func init() {
	processpool.Register(startSleeper)
}

// startSleeper starts a process of its own that sleeps a minute, and
// returns its pid without waiting for it: the grandchild must die with
// its parent.
func startSleeper(context.Context, int) (int, error) {
	p, err := processpool.Start(sleep, time.Minute)
	if err != nil {
		return 0, err
	}
	return p.PID(), nil
}

func waitFor[R any](t *testing.T, p *processpool.Process[R]) (R, error) {
	t.Helper()
	select {
	case <-p.Done():
	case <-time.After(30 * time.Second):
		_ = p.Kill()
		t.Fatal("the process did not end")
	}
	return p.Wait()
}

func TestStart(t *testing.T) {
	t.Run("result", func(t *testing.T) {
		p, err := processpool.Start(pid, 0)
		require.NoError(t, err)
		got, err := waitFor(t, p)
		require.NoError(t, err)
		require.Equal(t, p.PID(), got, "the function ran in the process PID names")
		require.NotEqual(t, os.Getpid(), got)
		again, err := p.Wait()
		require.NoError(t, err)
		require.Equal(t, got, again, "Wait may be called again")
	})
	t.Run("returned error", func(t *testing.T) {
		p, err := processpool.Start(fail, "no luck")
		require.NoError(t, err)
		_, err = waitFor(t, p)
		var re *processpool.RemoteError
		require.ErrorAs(t, err, &re)
		require.Equal(t, "no luck", err.Error())
	})
	t.Run("panic", func(t *testing.T) {
		p, err := processpool.Start(panicky, "boom")
		require.NoError(t, err)
		_, err = waitFor(t, p)
		var pe *executor.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "boom", pe.Value)
	})
	t.Run("unencodable result", func(t *testing.T) {
		p, err := processpool.Start(makeChan, 0)
		require.NoError(t, err)
		_, err = waitFor(t, p)
		require.ErrorIs(t, err, processpool.ErrEncoding)
	})
}

func TestStartRefused(t *testing.T) {
	t.Run("not registered", func(t *testing.T) {
		_, err := processpool.Start(func(context.Context, int) (int, error) { return 0, nil }, 1)
		require.ErrorIs(t, err, processpool.ErrNotRegistered)
	})
	t.Run("unencodable argument", func(t *testing.T) {
		_, err := processpool.Start(takesUnsendable, unsendable{})
		require.ErrorIs(t, err, processpool.ErrEncoding)
	})
	t.Run("no Main", func(t *testing.T) {
		processpool.WithoutMain(func() {
			_, err := processpool.Start(double, 1)
			require.ErrorIs(t, err, processpool.ErrNoMain)
		})
	})
}

func TestProcessExit(t *testing.T) {
	t.Run("os.Exit is the exit code", func(t *testing.T) {
		p, err := processpool.Start(exit, 99)
		require.NoError(t, err)
		_, err = waitFor(t, p)
		require.ErrorIs(t, err, processpool.ErrWorkerExited)
		var ee *processpool.ExitError
		require.ErrorAs(t, err, &ee)
		require.Equal(t, 99, ee.Code)
		require.Equal(t, syscall.Signal(0), ee.Signal)
		require.Equal(t, p.PID(), ee.PID)
		require.Nil(t, ee.Cause)
	})
	t.Run("a signal is a negative exit code", func(t *testing.T) {
		p, err := processpool.Start(killSelf, 0)
		require.NoError(t, err)
		_, err = waitFor(t, p)
		var ee *processpool.ExitError
		require.ErrorAs(t, err, &ee)
		require.Equal(t, -9, ee.Code)
		require.Equal(t, syscall.SIGKILL, ee.Signal)
	})
	t.Run("Kill", func(t *testing.T) {
		p, err := processpool.Start(sleep, time.Minute)
		require.NoError(t, err)
		select {
		case <-p.Done():
			t.Fatal("Done before the process ended")
		case <-time.After(50 * time.Millisecond):
		}
		require.NoError(t, p.Kill())
		_, err = waitFor(t, p)
		var ee *processpool.ExitError
		require.ErrorAs(t, err, &ee)
		require.Equal(t, -9, ee.Code)
		require.Error(t, ee.Cause, "the error says Kill killed it")
		require.False(t, alive(p.PID()))
		require.NoError(t, p.Kill(), "Kill after the end does nothing")
	})
	t.Run("Kill after the result keeps it", func(t *testing.T) {
		p, err := processpool.Start(double, 21)
		require.NoError(t, err)
		v, err := waitFor(t, p)
		require.NoError(t, p.Kill())
		require.NoError(t, err)
		require.Equal(t, 42, v)
	})
}

// TestProcessDiesWithParent: a process started by a process that ends
// does not outlive it.
func TestProcessDiesWithParent(t *testing.T) {
	p, err := processpool.Start(startSleeper, 0)
	require.NoError(t, err)
	grandchild, err := waitFor(t, p)
	require.NoError(t, err)
	require.Positive(t, grandchild)
	require.Eventually(t, func() bool { return !alive(grandchild) }, 10*time.Second, 10*time.Millisecond,
		"process %d outlived its parent", grandchild)
}

// TestProcessLeavesNoDescriptor: Wait closes the pipes, and a refused
// Start opens none.
func TestProcessLeavesNoDescriptor(t *testing.T) {
	before := openFDs(t)
	for range 3 {
		p, err := processpool.Start(double, 1)
		require.NoError(t, err)
		_, err = waitFor(t, p)
		require.NoError(t, err)
	}
	_, err := processpool.Start(takesUnsendable, unsendable{})
	require.Error(t, err)
	require.Equal(t, before, openFDs(t))
}

func ExampleStart() {
	// double is registered with processpool.Register in an init function.
	p, err := processpool.Start(double, 21)
	if err != nil {
		panic(err)
	}
	v, err := p.Wait() // Python's join(), with the result
	fmt.Println(v, err)
	// Output: 42 <nil>
}

func ExampleExitError_code() {
	p, _ := processpool.Start(sleep, time.Minute)
	_ = p.Kill() // Python's terminate()
	_, err := p.Wait()
	var ee *processpool.ExitError
	if errors.As(err, &ee) {
		fmt.Println(ee.Code, ee.Signal) // Python's exitcode
	}
	// Output: -9 killed
}
