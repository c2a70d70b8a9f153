package cluster_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// startLong submits a call that runs for an hour and returns its future,
// its job and the process id of the worker that runs it.
func startLong(t *testing.T, e *cluster.Executor, d time.Duration) (*future.Future[int], Job, int) {
	t.Helper()
	j := Job{Path: filepath.Join(t.TempDir(), "long"), Sleep: d}
	f, err := executor.Submit(e, Count, j)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return len(runs(t, j.Path)) == 1 }, patience, time.Millisecond)
	pid, err := strconv.Atoi(runs(t, j.Path)[0])
	require.NoError(t, err)
	require.True(t, f.Running())
	return f, j, pid
}

// submitShort submits n quick calls.
func submitShort(t *testing.T, e *cluster.Executor, n int) ([]*future.Future[int], []Job) {
	dir := t.TempDir()
	fs := make([]*future.Future[int], n)
	js := make([]Job, n)
	for i := range fs {
		js[i] = Job{Path: filepath.Join(dir, fmt.Sprint(i)), Sleep: 10 * time.Millisecond}
		var err error
		fs[i], err = executor.Submit(e, Count, js[i])
		require.NoError(t, err)
	}
	return fs, js
}

// requireOnce checks that every call succeeded and ran exactly once.
func requireOnce(t *testing.T, fs []*future.Future[int], js []Job) {
	t.Helper()
	for i, f := range fs {
		_, err := f.Result(patience)
		require.NoError(t, err, "call %d", i)
		require.Len(t, runs(t, js[i].Path), 1, "call %d", i)
	}
}

// TestWorkerKilled SIGKILLs the worker running a call: that call fails
// with ErrWorkerLost, the queued calls run elsewhere exactly once, and a
// replacement worker starts.
func TestWorkerKilled(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(2), cluster.WithLostAfter(time.Second), cluster.WithAckWait(time.Second))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()
	long, _, pid := startLong(t, e, time.Hour)
	fs, js := submitShort(t, e, 30)
	start := time.Now()
	require.NoError(t, syscall.Kill(pid, syscall.SIGKILL))
	_, err = long.Result(patience)
	require.ErrorIs(t, err, cluster.ErrWorkerLost)
	t.Logf("the killed worker's call failed after %v", time.Since(start).Round(time.Millisecond))
	requireOnce(t, fs, js)
	t.Logf("the 30 queued calls were done %v after the kill", time.Since(start).Round(time.Millisecond))
	require.Eventually(t, func() bool {
		pids := e.WorkerPIDs()
		return len(pids) == 2 && pids[0] != pid && pids[1] != pid
	}, patience, 10*time.Millisecond, "no replacement worker")
}

// TestRetries lets a call whose worker was killed run again.
func TestRetries(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(2), cluster.WithLostAfter(time.Second), cluster.WithRetries(1))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()
	long, j, pid := startLong(t, e, 2*time.Second)
	require.NoError(t, syscall.Kill(pid, syscall.SIGKILL))
	got, err := long.Result(patience)
	require.NoError(t, err)
	require.NotEqual(t, pid, got)
	require.Len(t, runs(t, j.Path), 2, "one run killed, one retried")
}

// TestHeartbeat runs calls far longer than the ack wait: the workers'
// heartbeats keep JetStream from giving them to another worker (the
// consumer delivered each task once).
func TestHeartbeat(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(2), cluster.WithAckWait(200*time.Millisecond), cluster.WithQueue("heartbeat"))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()
	dir := t.TempDir()
	fs := make([]*future.Future[int], 2)
	js := make([]Job, 2)
	for i := range fs {
		js[i] = Job{Path: filepath.Join(dir, fmt.Sprint(i)), Sleep: 2 * time.Second}
		fs[i], err = executor.Submit(e, Count, js[i])
		require.NoError(t, err)
	}
	requireOnce(t, fs, js)
	nc, err := nats.Connect(e.URL())
	require.NoError(t, err)
	defer nc.Close()
	stream, err := jetstream.New(nc)
	require.NoError(t, err)
	cons, err := stream.Consumer(context.Background(), "FUTURES_heartbeat", "workers")
	require.NoError(t, err)
	info, err := cons.Info(context.Background())
	require.NoError(t, err)
	require.EqualValues(t, 2, info.Delivered.Consumer, "a running task was delivered again")
}

// TestLostConnection cuts a worker's connection (through a proxy) while it
// runs a call: the call fails with ErrWorkerLost.
func TestLostConnection(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(0), cluster.WithLostAfter(time.Second))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()
	p := newProxy(t, e.URL())
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- cluster.Serve(ctx, p.url(), cluster.WithLostAfter(time.Second), cluster.WithAckWait(time.Second))
	}()
	j := Job{Path: filepath.Join(t.TempDir(), "cut"), Sleep: 3 * time.Second}
	f, err := executor.Submit(e, Count, j)
	require.NoError(t, err)
	require.Eventually(t, f.Running, patience, time.Millisecond)
	p.cut()
	_, err = f.Result(patience)
	require.ErrorIs(t, err, cluster.ErrWorkerLost)
	stop()
	require.NoError(t, <-served)
}

// proxy forwards TCP connections to a server until cut.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
	wg    sync.WaitGroup
}

func newProxy(t *testing.T, target string) *proxy {
	u := target[len("nats://"):]
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &proxy{ln: ln}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", u)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			p.wg.Add(2)
			go func() { defer p.wg.Done(); _, _ = io.Copy(s, c); s.Close() }()
			go func() { defer p.wg.Done(); _, _ = io.Copy(c, s); c.Close() }()
		}
	}()
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) url() string { return "nats://" + p.ln.Addr().String() }

// cut closes the listener and every connection, and waits for the copies.
func (p *proxy) cut() {
	p.ln.Close()
	p.mu.Lock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	p.wg.Wait()
}

// TestRedeliveryWhileTheHolderReconnects: JetStream gives a running task
// to a second worker while the worker that holds it, heard within
// lostAfter, cannot answer (as after a server restart, when the holder
// may still be reconnecting). The holder keeps the task; the monitor
// declares it lost only once it stays silent for lostAfter.
func TestRedeliveryWhileTheHolderReconnects(t *testing.T) {
	e, err := cluster.New(cluster.WithWorkers(0), cluster.WithLostAfter(time.Second))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()
	f, err := executor.Submit(e, Count, Job{Path: filepath.Join(t.TempDir(), "runs")})
	require.NoError(t, err)
	id, ok := e.ClaimAs("quiet-worker") // it claimed the task, and answers no ping
	require.True(t, ok)
	e.Contest(id, "second-worker")
	require.False(t, f.Done(), "the holder was heard just now: the task is still its own")
	_, err = f.Result(10 * time.Second)
	require.ErrorIs(t, err, cluster.ErrWorkerLost, "the holder stayed silent")
}
