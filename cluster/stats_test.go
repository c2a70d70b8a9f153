package cluster_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// Who returns the identity its worker sees in ctx.
func Who(ctx context.Context, _ int) (string, error) {
	w, ok := executor.WorkerFrom(ctx)
	if !ok {
		return "", errors.New("no worker identity in ctx")
	}
	if w.PID != os.Getpid() {
		return "", fmt.Errorf("identity says pid %d, the process is %d", w.PID, os.Getpid())
	}
	return w.Name, nil
}

func init() { processpool.Register(Who) }

// The cluster executor keeps the same statistics as the pools, and a call
// can tell which worker runs it.
func TestStatsAndWorkerIdentity(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(2), cluster.WithQueue("stats"))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()

	names, err := executor.MapAll(e, Who, make([]int, 40), executor.WithChunkSize(4))
	require.NoError(t, err)
	_, err = executor.Apply(e, Oops, "boom")
	require.Error(t, err)

	s := e.Stats()
	require.Equal(t, "cluster", s.Kind)
	require.Equal(t, "stats", s.Name)
	require.EqualValues(t, 40, s.Done)
	require.EqualValues(t, 1, s.Failed)
	require.Zero(t, s.Queued)
	require.Zero(t, s.Running)
	seen := map[string]bool{}
	var calls int64
	for _, w := range s.Workers {
		seen[w.Name] = true
		calls += w.Tasks
		require.Equal(t, executor.WorkerIdle, w.State)
	}
	for _, n := range names {
		require.True(t, seen[n], "the worker %q a call saw is not in Stats", n)
	}
	require.EqualValues(t, 41, calls)
	require.Len(t, s.Errors, 1)
	require.Contains(t, s.Errors[0].Error, "boom")
	require.Positive(t, s.Durations.Count)
}
