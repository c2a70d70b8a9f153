package executortest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// Factory returns a new executor that runs at most workers calls at once.
// Run shuts it down when the subtest ends.
type Factory func(t *testing.T, workers int) executor.Executor

// patience bounds every wait of the suite: long, because test machines are
// slow and noisy, and only reached when something is broken.
const patience = 10 * time.Second

// Run runs the whole behaviour suite against the executors made by newExec.
func Run(t *testing.T, newExec Factory) {
	groups := []struct {
		name  string
		tests map[string]func(*testing.T, Factory)
	}{
		{"Submit", submitTests},
		{"Cancel", cancelTests},
		{"Map", mapTests},
		{"Shutdown", shutdownTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for name, test := range g.tests {
				t.Run(name, func(t *testing.T) { test(t, newExec) })
			}
		})
	}
}

// open makes an executor that is shut down (waiting) when t ends.
func open(t *testing.T, newExec Factory, workers int) executor.Executor {
	t.Helper()
	e := newExec(t, workers)
	t.Cleanup(func() { require.NoError(t, e.Shutdown(true)) })
	return e
}

// submit submits or fails the test.
func submit[A, R any](t *testing.T, e executor.Executor, fn func(context.Context, A) (R, error), arg A) *future.Future[R] {
	t.Helper()
	f, err := executor.Submit(e, fn, arg)
	require.NoError(t, err)
	return f
}

// occupy keeps one worker of e busy until the returned function is called.
func occupy(t *testing.T, e executor.Executor) (release func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel) // so that a failing test does not leave Shutdown waiting
	f, err := executor.SubmitContext(ctx, e, Block, struct{}{})
	require.NoError(t, err)
	waitRunning(t, f)
	return func() {
		cancel()
		err := f.Err(patience)
		require.Error(t, err)
		require.Equal(t, context.Canceled.Error(), err.Error())
	}
}

func waitRunning[R any](t *testing.T, f *future.Future[R]) {
	t.Helper()
	require.Eventually(t, func() bool { return f.Running() || f.Done() }, patience, time.Millisecond,
		"the task did not start")
	require.True(t, f.Running(), "the task finished instead of running: %v", f)
}

// marks returns n mark paths in a fresh directory.
func marks(t *testing.T, n int, sleep time.Duration) []Mark {
	dir := t.TempDir()
	ms := make([]Mark, n)
	for i := range ms {
		ms[i] = Mark{Path: filepath.Join(dir, "call"+string(rune('a'+i%26))+string(rune('a'+i/26))), Sleep: sleep}
	}
	return ms
}

// ran reports whether the call with mark m ran.
func ran(m Mark) bool {
	_, err := os.Stat(m.Path)
	return err == nil
}
