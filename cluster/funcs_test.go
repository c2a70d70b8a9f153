package cluster_test

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/processpool"
)

// patience bounds every wait: long, since test machines are slow and
// noisy, and reached only when something is broken.
const patience = 30 * time.Second

// Job is the argument of Count and Hold.
type Job struct {
	Path  string        // file that gets one line per run
	Sleep time.Duration // how long the call takes
}

// Count appends a line with its process id to j.Path, so that a test can
// count the runs of a call in any process, then sleeps for j.Sleep or
// until ctx ends, and returns its process id.
func Count(ctx context.Context, j Job) (int, error) {
	f, err := os.OpenFile(j.Path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	_, err = f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	f.Close()
	if err != nil {
		return 0, err
	}
	t := time.NewTimer(j.Sleep)
	defer t.Stop()
	select {
	case <-t.C:
		return os.Getpid(), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Stubborn ignores its context and sleeps for d.
func Stubborn(_ context.Context, d time.Duration) (time.Duration, error) {
	time.Sleep(d)
	return d, nil
}

// PID returns the worker's process id.
func PID(context.Context, int) (int, error) { return os.Getpid(), nil }

// Oops returns a registered sentinel wrapped.
func Oops(_ context.Context, msg string) (int, error) {
	return 0, errors.Join(errors.New(msg), os.ErrNotExist)
}

// Unregistered is never registered.
func Unregistered(context.Context, int) (int, error) { return 0, nil }

func init() {
	processpool.Register(Count)
	processpool.Register(Stubborn)
	processpool.Register(PID)
	processpool.Register(Oops)
}

// runs returns the process ids that ran the call of path, one per run.
func runs(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	var pids []string
	for _, l := range splitLines(string(b)) {
		pids = append(pids, l)
	}
	return pids
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// Chan takes an argument that cannot be encoded.
func Chan(context.Context, chan int) (int, error) { return 0, nil }

func init() { processpool.Register(Chan) }

func itoa(i int) string { return strconv.Itoa(i) }

// Quit ends its goroutine instead of returning.
func Quit(context.Context, int) (int, error) {
	runtime.Goexit()
	return 0, nil
}

func init() { processpool.Register(Quit) }

// Hidden has a field gob would silently leave out.
type Hidden struct {
	Name  string
	count int
}

// TakesHidden takes an argument that cannot cross intact.
func TakesHidden(_ context.Context, h Hidden) (int, error) { return h.count, nil }

func init() { processpool.Register(TakesHidden) }
