package processpool

import (
	"context"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/wire"
)

// The environment variables that tell a worker who it is. Like envWorker,
// the worker removes them, so that programs a task starts do not see them.
const (
	envWorkerID   = "GOCURRENT_FUTURES_PROCESSPOOL_WORKER_ID"
	envWorkerPool = "GOCURRENT_FUTURES_PROCESSPOOL_NAME"
)

// progressEvery is how often a worker tells the parent how far a call of
// many items got: often enough for a smooth progress bar, rarely enough
// to cost nothing next to the items.
const progressEvery = 50 * time.Millisecond

var (
	identityOnce sync.Once
	identityCtx  context.Context
)

// workerContext returns context.Background() carrying this worker's
// identity, read once from the environment the parent gave it.
func workerContext() context.Context {
	identityOnce.Do(func() {
		id, _ := strconv.Atoi(os.Getenv(envWorkerID))
		pool := os.Getenv(envWorkerPool)
		_ = os.Unsetenv(envWorkerID)
		_ = os.Unsetenv(envWorkerPool)
		if pool == "" {
			pool = defaultName
		}
		identityCtx = executor.WithWorker(context.Background(), workerInfo(pool, id, os.Getpid()))
	})
	return identityCtx
}

// workerInfo is the identity of worker id of pool: the same in the
// parent's Stats and in the worker's tasks.
func workerInfo(pool string, id, pid int) executor.WorkerInfo {
	return executor.WorkerInfo{Executor: pool, ID: id, Name: pool + "-" + strconv.Itoa(id), PID: pid}
}

// progressJob is a job that says how many of its items have ended.
type progressJob interface {
	ended() int
}

// watchProgress sends Progress frames for call c while j runs, if j has
// more than one item, and returns the function that stops them; after it
// returns, no more are sent, so the result frame comes after the last.
func (s *server) watchProgress(c *wire.Call, j job) (stop func()) {
	pj, ok := j.(progressJob)
	if !ok || j.count() < 2 {
		return func() {}
	}
	var mu sync.Mutex
	stopped, last := false, 0
	var t *time.Timer
	mu.Lock() // the callback reads t
	defer mu.Unlock()
	t = time.AfterFunc(progressEvery, func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		if n := pj.ended(); n > last {
			last = n
			if s.writeProgress(&wire.Progress{ID: c.ID, Done: n}) != nil {
				return // the parent is gone; the reader sees it
			}
		}
		t.Reset(progressEvery)
	})
	return func() {
		mu.Lock()
		stopped = true
		mu.Unlock()
		t.Stop()
	}
}

// writeProgress sends a Progress frame.
func (s *server) writeProgress(p *wire.Progress) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.enc.Begin()
	return s.writeLocked(p)
}
