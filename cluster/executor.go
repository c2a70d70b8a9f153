package cluster

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/registry"
)

// Executor runs registered functions on the workers of a queue, on this
// machine and others, through NATS JetStream. It is an executor.Executor
// and an executor.Sizer, safe for concurrent use. Make one with New and
// always Shutdown it.
type Executor struct {
	cfg   config
	id    string // this executor's name on the queue: the owner of its tasks
	url   string
	nc    *nats.Conn
	js    jetstream.JetStream
	srv   *embedded // nil with WithURL
	local *locals
	subs  []*nats.Subscription

	pub chan pendingPub // tasks published, waiting for their PubAck

	// mu guards the fields below. It is never held while calling a
	// Task's method that completes a future (callbacks run there).
	mu        sync.Mutex
	state     state
	tasks     map[uint64]*task
	nextID    uint64
	changed   *sync.Cond           // signalled when tasks shrinks or state changes
	seen      map[string]time.Time // worker -> when it last answered
	resolvers map[uint64]int       // goroutines completing futures (see resolving)
	remotes   map[string]*remote   // the workers that claimed calls, for Stats

	stats *executor.Collector

	stopMonitor chan struct{}
	bg          sync.WaitGroup // the publisher and the monitor
	teardown    sync.Once
	done        chan struct{} // closed once everything is released
}

var (
	_ executor.Executor = (*Executor)(nil)
	_ executor.Sizer    = (*Executor)(nil)
)

// state is the lifecycle of an Executor.
type state int

const (
	stateOpen       state = iota // accepting work
	stateClosed                  // Shutdown called: draining
	stateTerminated              // Shutdown with Terminate
)

// task is a task submitted by this executor, from Execute until its
// outcome is in.
type task struct {
	id      uint64
	t       executor.Task
	fn      registry.Func
	msg     *nats.Msg
	started bool      // its calls were started (claimed by a worker)
	run     []int     // the calls started; nil: all
	worker  string    // the worker running it; "" if none
	holder  *remote   // the stats record of worker, while it holds the task
	claimed time.Time // when worker claimed it
	retries int       // retries used
	watch   func() bool
	grace   *time.Timer
}

// New starts an executor: it connects to the server of WithURL, or starts
// an embedded one, creates the queue if needed, and starts the local
// workers of WithWorkers. It returns an error if the server cannot be
// reached, or local workers are asked for in a program that did not call
// Main (ErrNoMain). It panics, with a message starting "cluster: ", on
// invalid options.
func New(opts ...Option) (*Executor, error) {
	c := newConfig(opts)
	if c.workers > 0 && !mainCalled.Load() {
		return nil, ErrNoMain
	}
	e := &Executor{cfg: c, id: uuid.NewString(), url: c.url, tasks: map[uint64]*task{},
		seen: map[string]time.Time{}, resolvers: map[uint64]int{}, remotes: map[string]*remote{}, pub: make(chan pendingPub, 1024),
		stopMonitor: make(chan struct{}), done: make(chan struct{})}
	e.changed = sync.NewCond(&e.mu)
	e.newCollector()
	if err := e.open(); err != nil {
		e.release()
		return nil, err
	}
	e.bg.Add(2)
	go e.publisher()
	go e.monitor()
	return e, nil
}

// open starts the server, the connection, the queue and the workers.
func (e *Executor) open() error {
	if e.url == "" {
		srv, err := startEmbedded(e.cfg.storeDir)
		if err != nil {
			return err
		}
		e.srv, e.url = srv, srv.clientURL
	}
	// Back from a disconnection, however short (the monitor forgives
	// only outages it sees at a tick), the workers get lostAfter again
	// to be heard: they are reconnecting too.
	nc, err := connect(e.url, e.cfg, "futures executor "+e.id, nats.ReconnectHandler(func(*nats.Conn) { e.forgive() }))
	if err != nil {
		return err
	}
	e.nc = nc
	if e.js, err = jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096)); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	if _, err := setupQueue(context.Background(), e.js, e.cfg); err != nil {
		return err
	}
	subject := ownerSubject(e.cfg.queue, e.id)
	for suffix, h := range map[string]nats.MsgHandler{".claim": e.onClaim, ".result": e.onResult} {
		sub, err := nc.Subscribe(subject+suffix, h)
		if err != nil {
			return fmt.Errorf("cluster: subscribe: %w", err)
		}
		_ = sub.SetPendingLimits(-1, -1)
		e.subs = append(e.subs, sub)
	}
	if err := nc.Flush(); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	if e.cfg.workers > 0 {
		e.local = startLocals(e.url, e.cfg)
		if err := e.local.err(); err != nil {
			return err
		}
	}
	return nil
}

// URL returns the address of the NATS server the executor uses, where
// workers on other machines connect (Serve). An embedded server listens on
// 127.0.0.1 only.
func (e *Executor) URL() string { return e.url }

// MaxWorkers returns the number of calls the local workers run at once
// (at least 1), for Map's default chunk size (executor.Sizer).
func (e *Executor) MaxWorkers() int { return max(1, e.cfg.workers*e.cfg.concurrency) }

// Execute publishes t to the queue (executor.Executor). It returns an
// error at once if the executor is shut down (executor.ErrShutdown), the
// function was not registered with processpool.Register
// (processpool.ErrNotRegistered) or an argument cannot be encoded
// (processpool.ErrEncoding). It does not wait for the server to confirm
// that the task is stored; a task whose publication fails is published
// again until it is stored.
func (e *Executor) Execute(t executor.Task) error {
	fn, err := registry.ByFunc(t.Func())
	if err != nil {
		return err
	}
	payload, err := fn.EncodeArgs(t)
	if err != nil {
		return err
	}
	e.mu.Lock()
	if e.state != stateOpen {
		e.mu.Unlock()
		return executor.ErrShutdown
	}
	e.nextID++
	tk := &task{id: e.nextID, t: t, fn: fn, msg: e.taskMsg(e.nextID, fn.Name(), t, payload)}
	e.tasks[tk.id] = tk
	e.mu.Unlock()
	e.publish(tk, tk.msg)
	return nil
}

// taskMsg is the message of task id.
func (e *Executor) taskMsg(id uint64, fn string, t executor.Task, payload []byte) *nats.Msg {
	h := taskHead{owner: e.id, task: id, fn: fn}
	if d, ok := t.Context().Deadline(); ok {
		h.deadline = d.UnixNano()
	}
	body := h.appendTo(make([]byte, 0, 64+len(fn)+len(payload)))
	m := &nats.Msg{Subject: taskSubject(e.cfg.queue), Data: append(body, payload...),
		Header: nats.Header{jetstream.MsgIDHeader: []string{e.id + "." + formatID(id)}}}
	return m
}

// errClosed reports a connection closed under the executor.
var errClosed = errors.New("cluster: the connection is closed")

var _ executor.Remote = (*Executor)(nil)

// CanRun returns nil if fn is a function registered with
// processpool.Register, else an error wrapping processpool.ErrNotRegistered
// that says how to register it (executor.Remote). It is what Execute
// checks first; package callback uses it to refuse at once the steps a
// worker could never run.
func (e *Executor) CanRun(fn any) error {
	_, err := registry.ByFunc(fn)
	return err
}
