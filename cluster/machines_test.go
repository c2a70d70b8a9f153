package cluster_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// TestMachines plays several machines on one: three worker processes
// started with Serve, two executors sharing their queue, and a second
// queue whose work they never see.
func TestMachines(t *testing.T) {
	host, err := cluster.New(cluster.WithWorkers(0), cluster.WithQueue("host"))
	require.NoError(t, err)
	defer func() { require.NoError(t, host.Shutdown(true)) }()
	url := host.URL()
	workers := map[string]bool{}
	for range 3 {
		w := startChild(t, "worker", "URL="+url, "QUEUE=shared")
		workers[strconv.Itoa(w.cmd.Process.Pid)] = true
		defer w.stop()
	}
	var es []*cluster.Executor
	for range 2 {
		e, err := cluster.New(cluster.WithURL(url), cluster.WithQueue("shared"))
		require.NoError(t, err)
		defer func() { require.NoError(t, e.Shutdown(true)) }()
		es = append(es, e)
	}
	lonely, err := cluster.New(cluster.WithURL(url), cluster.WithQueue("lonely"))
	require.NoError(t, err)
	defer func() { require.NoError(t, lonely.Shutdown(true)) }()
	apart, err := executor.Submit(lonely, PID, 0)
	require.NoError(t, err)

	dir := t.TempDir()
	var fs []*future.Future[int]
	for i := range 60 {
		f, err := executor.Submit(es[i%2], Count, Job{Path: filepath.Join(dir, fmt.Sprint(i)), Sleep: 20 * time.Millisecond})
		require.NoError(t, err)
		fs = append(fs, f)
	}
	used := map[string]bool{}
	for i, f := range fs {
		pid, err := f.Result(patience)
		require.NoError(t, err)
		require.True(t, workers[strconv.Itoa(pid)], "call %d ran in %d, not a worker", i, pid)
		used[strconv.Itoa(pid)] = true
		require.Len(t, runs(t, filepath.Join(dir, fmt.Sprint(i))), 1)
	}
	require.Len(t, used, 3, "every worker took a share")
	require.False(t, apart.Done() || apart.Running(), "a task of another queue was taken: %v", apart)

	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- cluster.Serve(ctx, url, cluster.WithQueue("lonely")) }()
	pid, err := apart.Result(patience)
	require.NoError(t, err)
	require.Equal(t, os.Getpid(), pid, "the lonely queue's own worker ran it")
	stop()
	require.NoError(t, <-served)
}

// TestDeadSubmitter kills a submitter whose calls are queued: the workers
// that come later drop them instead of running them.
func TestDeadSubmitter(t *testing.T) {
	host, err := cluster.New(cluster.WithWorkers(0), cluster.WithQueue("host"))
	require.NoError(t, err)
	defer func() { require.NoError(t, host.Shutdown(true)) }()
	dir := t.TempDir()
	sub := startChild(t, "submitter", "URL="+host.URL(), "QUEUE=orphans", "N=20", "DIR="+dir)
	sub.kill()

	nc, err := nats.Connect(host.URL())
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	stream, err := js.Stream(context.Background(), "FUTURES_orphans")
	require.NoError(t, err)
	info, err := stream.Info(context.Background())
	require.NoError(t, err)
	require.EqualValues(t, 20, info.State.Msgs, "the submitter's calls are queued")

	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- cluster.Serve(ctx, host.URL(), cluster.WithQueue("orphans"), cluster.WithLostAfter(500*time.Millisecond))
	}()
	require.Eventually(t, func() bool {
		info, err := stream.Info(context.Background())
		return err == nil && info.State.Msgs == 0
	}, patience, 10*time.Millisecond, "the orphans were not dropped")
	stop()
	require.NoError(t, <-served)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "an orphaned call ran")
}

// TestDeadSubmitterRunningCall kills a submitter whose call is running:
// the worker cancels the call instead of running it for nobody.
func TestDeadSubmitterRunningCall(t *testing.T) {
	host, err := cluster.New(cluster.WithWorkers(0), cluster.WithQueue("host"))
	require.NoError(t, err)
	defer func() { require.NoError(t, host.Shutdown(true)) }()
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- cluster.Serve(ctx, host.URL(), cluster.WithQueue("orphan-running"), cluster.WithLostAfter(500*time.Millisecond))
	}()
	dir := t.TempDir()
	sub := startChild(t, "submitter", "URL="+host.URL(), "QUEUE=orphan-running", "N=0", "DIR="+dir, "LONG=1")
	require.Len(t, runs(t, filepath.Join(dir, "long")), 1, "the long call runs")
	sub.kill()
	time.Sleep(2 * time.Second) // the worker notices, and cancels the call
	stop()
	select {
	case err := <-served:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Serve still waits for the orphaned call")
	}
}
