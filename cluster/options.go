package cluster

import (
	"fmt"
	"regexp"
	"runtime"
	"time"

	"github.com/nats-io/nats.go"
)

// Option configures New and Serve.
type Option func(*config)

type config struct {
	url         string
	workers     int // -1: the default
	queue       string
	concurrency int
	retries     int
	ackWait     time.Duration
	lostAfter   time.Duration
	cancelGrace time.Duration
	natsOpts    []nats.Option
	storeDir    string
	replicas    int
	prefetch    int    // tasks taken beyond the free call slots
	workerID    string // a local worker's name, given by its executor
}

// Defaults of the timing options.
const (
	defaultAckWait     = 5 * time.Second
	defaultLostAfter   = 3 * time.Second
	defaultCancelGrace = 10 * time.Second
	defaultQueue       = "futures"
)

var queueName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func newConfig(opts []Option) config {
	c := config{workers: -1, replicas: 1, queue: defaultQueue, concurrency: 1, ackWait: defaultAckWait,
		lostAfter: defaultLostAfter, cancelGrace: defaultCancelGrace}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if !queueName.MatchString(c.queue) {
		panic(fmt.Sprintf("cluster: WithQueue(%q): a queue name is letters, digits, '-' and '_'", c.queue))
	}
	if c.workers == -1 {
		c.workers = 0
		if c.url == "" {
			c.workers = runtime.NumCPU()
		}
	}
	return c
}

// WithURL makes New use an existing NATS server with JetStream enabled,
// such as nats://host:4222, instead of starting an embedded one. New then
// starts no worker unless WithWorkers asks for some.
func WithURL(url string) Option { return func(c *config) { c.url = url } }

// WithWorkers sets how many worker processes of this program New starts
// on this machine (each runs Serve). The default is runtime.NumCPU() with
// the embedded server and 0 with WithURL. n < 0 panics.
func WithWorkers(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("cluster: WithWorkers(%d): the number of workers cannot be negative", n))
	}
	return func(c *config) { c.workers = n }
}

// WithQueue names the queue whose work executors and workers share; those
// of different queues never see each other's tasks. The default is
// "futures". A name is letters, digits, '-' and '_'; New and Serve panic
// on another.
func WithQueue(name string) Option { return func(c *config) { c.queue = name } }

// WithConcurrency sets how many calls each worker runs at once: Serve's,
// and each of the workers New starts. The default is 1. n < 1 panics.
func WithConcurrency(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("cluster: WithConcurrency(%d): the concurrency must be at least 1", n))
	}
	return func(c *config) { c.concurrency = n }
}

// WithRetries lets a call whose worker was lost run again on another
// worker, up to n times, instead of failing with ErrWorkerLost. Use it
// only for idempotent functions: a worker that lost its connection but
// not its life may still finish the first run. n < 0 panics.
func WithRetries(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("cluster: WithRetries(%d): the number of retries cannot be negative", n))
	}
	return func(c *config) { c.retries = n }
}

// WithAckWait sets how long JetStream waits for a word from the worker
// holding a task before it gives the task to another worker (workers send
// that word, a heartbeat, every quarter of it while a call runs). It is
// also how long a task taken by a worker that died before starting it
// waits. The default is 5s; d must be at least 100ms (New and Serve panic
// otherwise). Executors and workers of one queue should agree on it: the
// first to create the queue sets it.
func WithAckWait(d time.Duration) Option {
	if d < 100*time.Millisecond {
		panic(fmt.Sprintf("cluster: WithAckWait(%v): at least 100ms", d))
	}
	return func(c *config) { c.ackWait = d }
}

// WithLostAfter sets how long a worker holding a running call may go
// without answering its executor before the executor declares it lost
// (ErrWorkerLost), and how long a worker waits for an executor that does
// not answer before it drops that executor's queued work. The default is
// 3s; d must be at least 100ms.
func WithLostAfter(d time.Duration) Option {
	if d < 100*time.Millisecond {
		panic(fmt.Sprintf("cluster: WithLostAfter(%v): at least 100ms", d))
	}
	return func(c *config) { c.lostAfter = d }
}

// WithCancelGrace sets how long a call whose context was cancelled may go
// on running before its future fails with ErrCancelIgnored. The default is
// 10s; zero or less waits for the function however long it takes.
func WithCancelGrace(d time.Duration) Option { return func(c *config) { c.cancelGrace = d } }

// WithNATSOptions passes options to nats.Connect for the connections of New
// and Serve: credentials (nats.UserCredentials, nats.UserInfo, nats.Token,
// nats.Nkey), TLS (nats.Secure, nats.RootCAs, nats.ClientCert), a name.
// The reconnection options of this package come first, so yours win.
func WithNATSOptions(opts ...nats.Option) Option {
	return func(c *config) { c.natsOpts = append(c.natsOpts, opts...) }
}

// WithStoreDir sets the directory of the embedded server's JetStream
// store. The default is a new temporary directory that Shutdown removes;
// a directory given here is kept.
func WithStoreDir(dir string) Option { return func(c *config) { c.storeDir = dir } }

// WithReplicas sets how many servers of a JetStream cluster keep a copy of
// the queue's tasks, so that the queue survives the loss of a server. The
// default is 1; it applies when the queue is created. n < 1 panics.
func WithReplicas(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("cluster: WithReplicas(%d): at least 1", n))
	}
	return func(c *config) { c.replicas = n }
}

// WithPrefetch sets how many tasks a worker takes from the queue beyond
// its free call slots (Serve's, and those New starts). Tasks taken ahead
// are still pending: they are claimed from their executor only when a
// call slot is free, and the worker's heartbeat keeps them. A deep
// prefetch keeps trivial calls flowing at high rates; the default, 0,
// leaves every task in the queue until some worker has a free slot, so
// that long calls never wait behind a busy worker while another is idle,
// and a worker that dies holds nothing but its running calls. n < 0
// panics.
func WithPrefetch(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("cluster: WithPrefetch(%d): cannot be negative", n))
	}
	return func(c *config) { c.prefetch = n }
}
