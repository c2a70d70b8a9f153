package cluster_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// TestReplicatedNodeKilled runs a queue on a 3-node JetStream cluster on
// loopback, its stream replicated on all three, and SIGKILLs one node in
// the middle of the run: no call is lost and each runs once.
func TestReplicatedNodeKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("a 3-node cluster takes a few seconds to elect its leaders")
	}
	const nodes = 3
	ports, cports := make([]int, nodes), make([]int, nodes)
	for i := range nodes {
		ports[i], cports[i] = freePort(t), freePort(t)
	}
	var routes, urls []string
	for i := range nodes {
		routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", cports[i]))
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", ports[i]))
	}
	servers := make([]*child, nodes)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() {
			servers[i] = startChild(t, "server", fmt.Sprintf("NAME=n%d", i), fmt.Sprintf("PORT=%d", ports[i]),
				fmt.Sprintf("CLUSTER_PORT=%d", cports[i]), "ROUTES="+strings.Join(routes, ","), "STORE="+t.TempDir())
		})
	}
	wg.Wait()
	e, err := cluster.New(cluster.WithURL(strings.Join(urls, ",")), cluster.WithReplicas(3),
		cluster.WithWorkers(2), cluster.WithConcurrency(2), cluster.WithQueue("replicated"))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()

	const n = 400
	dir := t.TempDir()
	fs := make([]*future.Future[int], n)
	js := make([]Job, n)
	for i := range fs {
		js[i] = Job{Path: filepath.Join(dir, fmt.Sprint(i)), Sleep: 10 * time.Millisecond}
		fs[i], err = executor.Submit(e, Count, js[i])
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool { return doneCount(fs) >= n/4 }, 2*patience, time.Millisecond)
	before := doneCount(fs)
	killed := time.Now()
	servers[0].kill()
	// Recovered: calls complete again after the kill.
	require.Eventually(t, func() bool { return doneCount(fs) >= before+nodes*4 }, 2*patience, time.Millisecond)
	recovered := time.Since(killed)
	requireOnce(t, fs, js)
	t.Logf("%d calls, node n0 killed after %d were done; calls completing again %v after the kill; all done %v after it",
		n, before, recovered.Round(time.Millisecond), time.Since(killed).Round(time.Millisecond))
}
