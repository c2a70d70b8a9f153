package processpool_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

func TestWorkerDeath(t *testing.T) {
	for _, c := range []struct {
		name   string
		fn     func(context.Context, int) (int, error)
		arg    int
		status string
	}{
		{"SIGKILL", killSelf, 0, "signal: killed"},
		{"os.Exit(99)", exit, 99, "exit status 99"},
		{"fatal runtime error", fatal, 0, "exit status 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newPool(t, processpool.WithMaxWorkers(2))
			busy, err := executor.Submit(p, sleep, 300*time.Millisecond)
			require.NoError(t, err)
			_, err = executor.Apply(p, c.fn, c.arg)
			require.ErrorIs(t, err, processpool.ErrWorkerExited)
			var ee *processpool.ExitError
			require.ErrorAs(t, err, &ee)
			require.Equal(t, c.status, ee.Status)
			require.Contains(t, err.Error(), c.status)
			require.Nil(t, ee.Cause)
			_, err = busy.Result(10 * time.Second)
			require.NoError(t, err, "the other worker's task is not affected")
			v, err := executor.Apply(p, double, 2)
			require.NoError(t, err, "the pool replaces the worker and goes on")
			require.Equal(t, 4, v)
		})
	}
}

func TestBrokenPool(t *testing.T) {
	script := filepath.Join(t.TempDir(), "garbage.sh")
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\nprintf 'this is not a worker' >&4\nsleep 5\n"), 0o700))
	for _, c := range []struct {
		name string
		opts []processpool.Option
		want string
	}{
		{"failing initializer", []processpool.Option{processpool.WithInitializer(failInit, "no database")}, "no database"},
		{"initializer exits", []processpool.Option{processpool.WithInitializer(failInit, "exit")}, "exit status 1"},
		{"missing executable", []processpool.Option{processpool.WithExecutable(filepath.Join(t.TempDir(), "gone"))}, "no such file"},
		{"failed handshake", []processpool.Option{processpool.WithExecutable(script)}, "handshake"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newPool(t, append(c.opts, processpool.WithMaxWorkers(1))...)
			f, err := executor.Submit(p, double, 1)
			require.NoError(t, err)
			g, err := executor.Submit(p, double, 2)
			require.NoError(t, err)
			for _, f := range []interface{ Err(time.Duration) error }{f, g} {
				err := f.Err(30 * time.Second)
				require.ErrorIs(t, err, processpool.ErrBrokenPool)
				require.Contains(t, err.Error(), c.want)
			}
			_, err = executor.Submit(p, double, 3)
			require.ErrorIs(t, err, processpool.ErrBrokenPool)
			require.Contains(t, err.Error(), c.want)
		})
	}
}

// TestGarbage sends a worker garbage instead of a call: it must exit
// cleanly, with its exit code for protocol errors and a message, not a
// panic.
func TestGarbage(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	toR, toW, err := os.Pipe()
	require.NoError(t, err)
	fromR, fromW, err := os.Pipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), processpool.EnvWorker+"=1")
	cmd.ExtraFiles = []*os.File{toR, fromW}
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	toR.Close()
	fromW.Close()
	_, err = toW.Write([]byte("\x00\x00\x00\x20 garbage, garbage, garbage, garbage"))
	require.NoError(t, err)
	err = cmd.Wait()
	toW.Close()
	fromR.Close()
	var ee *exec.ExitError
	require.True(t, errors.As(err, &ee), "%v", err)
	require.Equal(t, 3, ee.ExitCode())
	require.Contains(t, stderr.String(), "protocol error")
	require.NotContains(t, stderr.String(), "goroutine")
}
