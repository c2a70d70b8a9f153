package cluster_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// TestServerRestart kills the JetStream server (a separate process, file
// storage) while calls are queued and running, and starts it again on
// the same port and store: no call is lost, every future ends, each call
// ran once.
func TestServerRestart(t *testing.T) {
	port, store := freePort(t), t.TempDir()
	settings := []string{fmt.Sprintf("PORT=%d", port), "STORE=" + store}
	srv := startChild(t, "server", settings...)
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	e, err := cluster.New(cluster.WithURL(url), cluster.WithWorkers(2), cluster.WithQueue("restart"))
	require.NoError(t, err)
	defer func() { require.NoError(t, e.Shutdown(true)) }()

	const n = 60
	dir := t.TempDir()
	fs := make([]*future.Future[int], n)
	js := make([]Job, n)
	for i := range fs {
		js[i] = Job{Path: filepath.Join(dir, fmt.Sprint(i)), Sleep: 50 * time.Millisecond}
		fs[i], err = executor.Submit(e, Count, js[i])
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool { return doneCount(fs) >= 10 }, patience, time.Millisecond)
	srv.kill()
	killed := time.Now()
	before := doneCount(fs)
	time.Sleep(500 * time.Millisecond)
	startChild(t, "server", settings...)
	restarted := time.Now()
	requireOnce(t, fs, js)
	t.Logf("%d of %d calls done when the server was killed; down %v; the rest done %v after the restart",
		before, n, restarted.Sub(killed).Round(time.Millisecond), time.Since(restarted).Round(time.Millisecond))
}

func doneCount[R any](fs []*future.Future[R]) int {
	n := 0
	for _, f := range fs {
		if f.Done() {
			n++
		}
	}
	return n
}
