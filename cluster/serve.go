package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gocurrent/futures/executor"
)

// Serve makes this process a worker of the queue (WithQueue) at url until
// ctx ends: it takes tasks from the queue, asks each task's executor
// before it starts it, runs WithConcurrency calls at once and hands back
// the outcomes. When ctx ends it takes no more tasks, gives back those it
// holds but has not started, lets the running calls finish, delivers
// their outcomes and returns nil. It returns an error if it cannot
// connect or set up the queue. Functions are those registered with
// processpool.Register in this program. Serve may be called from any
// program; Main calls it in the workers that New starts.
func Serve(ctx context.Context, url string, opts ...Option) error {
	c := newConfig(opts)
	id := c.workerID
	if id == "" {
		id = uuid.NewString()
	}
	w := &worker{cfg: c, id: id, pid: os.Getpid(), jobs: map[string]*job{},
		absent: map[string]time.Time{}, slots: make(chan struct{}, c.concurrency),
		held: map[jetstream.Msg]struct{}{}, freed: make(chan struct{}, 1)}
	w.ctx = executor.WithWorker(context.Background(), executor.WorkerInfo{Executor: c.queue, Name: id, PID: w.pid})
	w.claims, w.results = newBatcher(w.batchSender(".claim")), newBatcher(w.batchSender(".result"))
	nc, err := connect(url, c, "futures worker "+w.id, nats.RetryOnFailedConnect(true))
	if err != nil {
		return err
	}
	defer nc.Close()
	w.nc = nc
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	cons, err := setupQueue(ctx, js, c)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	sub, err := nc.Subscribe(workerSubject(c.queue, w.id)+".*", w.onControl)
	if err != nil {
		return fmt.Errorf("cluster: subscribe: %w", err)
	}
	defer func() { _ = sub.Unsubscribe() }()
	fetching, stopFetching := context.WithCancel(context.Background())
	defer stopFetching()
	ready := make(chan jetstream.Msg, c.concurrency+c.prefetch)
	dispatched := make(chan struct{})
	go w.intake(fetching, cons, ready)
	go w.dispatch(ready, dispatched)
	hb := make(chan struct{})
	go w.heartbeat(hb)
	go w.watchOwners(hb)
	<-ctx.Done()
	w.stopping.Store(true)
	stopFetching()
	<-dispatched
	w.running.Wait()
	close(hb)
	if nc.IsConnected() {
		_ = nc.FlushTimeout(2 * time.Second)
	}
	return nil
}

// worker is one Serve.
type worker struct {
	cfg      config
	id       string
	pid      int
	ctx      context.Context // context.Background() carrying the worker's identity (executor.WorkerFrom)
	nc       *nats.Conn
	slots    chan struct{} // one element per call running
	running  sync.WaitGroup
	stopping atomic.Bool
	claims   *batcher // claims to the executors
	results  *batcher // outcomes to the executors

	freed chan struct{} // a held task was released: room to fetch

	mu     sync.Mutex
	held   map[jetstream.Msg]struct{} // the tasks fetched and not yet acknowledged
	jobs   map[string]*job            // owner/task -> the task being run
	absent map[string]time.Time       // owner -> since when it does not answer
}

// job is a task a worker holds, from its delivery until its outcome is
// delivered.
type job struct {
	msg    jetstream.Msg // the latest delivery, to acknowledge
	owner  string        // the executor of the task
	cancel context.CancelFunc
}

// errOwnerGone means a task's executor stayed away for lostAfter.
var errOwnerGone = errors.New("cluster: the task's executor is gone")
