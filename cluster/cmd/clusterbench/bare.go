package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The bare JetStream baseline: an embedded server with file storage, a
// work-queue stream, 2 worker processes on one durable pull consumer,
// PubAck-durable publication, each result published to the submitter's
// inbox, no futures.

const (
	envBareWorker = "CLUSTERBENCH_BARE_WORKER"
	bareSubject   = "bare.task"
	hdrReply      = "Reply-To"
)

// bare is the submitter's side of the baseline.
type bare struct {
	srv     *server.Server
	dir     string
	nc      *nats.Conn
	js      jetstream.JetStream
	inbox   string
	replies chan *nats.Msg
	workers []*exec.Cmd
}

func startBare(workers int) (*bare, error) {
	dir, err := os.MkdirTemp("", "clusterbench-bare-")
	if err != nil {
		return nil, err
	}
	b := &bare{dir: dir, replies: make(chan *nats.Msg, 1<<16)}
	b.srv, err = server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT,
		JetStream: true, StoreDir: dir, NoLog: true, NoSigs: true})
	if err != nil {
		return nil, err
	}
	b.srv.Start()
	if !b.srv.ReadyForConnections(10 * time.Second) {
		return nil, fmt.Errorf("the bare server did not start")
	}
	if b.nc, err = nats.Connect(b.srv.ClientURL()); err != nil {
		return nil, err
	}
	if b.js, err = jetstream.New(b.nc, jetstream.WithPublishAsyncMaxPending(4096)); err != nil {
		return nil, err
	}
	ctx := context.Background()
	s, err := b.js.CreateStream(ctx, jetstream.StreamConfig{Name: "BARE", Subjects: []string{bareSubject},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage})
	if err != nil {
		return nil, err
	}
	if _, err := s.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{Durable: "bare",
		AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: -1}); err != nil {
		return nil, err
	}
	b.inbox = nats.NewInbox()
	sub, err := b.nc.ChanSubscribe(b.inbox, b.replies)
	if err != nil {
		return nil, err
	}
	_ = sub.SetPendingLimits(-1, -1)
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	for range workers {
		cmd := exec.Command(exe)
		cmd.Env = append(os.Environ(), envBareWorker+"="+b.srv.ClientURL())
		cmd.Stderr = os.Stderr
		if _, err := cmd.StdinPipe(); err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		b.workers = append(b.workers, cmd)
	}
	for i := range 100 { // warm up: every worker connected and consuming
		if _, err := b.roundTrip(i); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func (b *bare) msg(i int) *nats.Msg {
	m := nats.NewMsg(bareSubject)
	m.Header.Set(hdrReply, b.inbox)
	m.Data = strconv.AppendInt(nil, int64(i), 10)
	return m
}

// roundTrip publishes one task, waits for its PubAck and its result.
func (b *bare) roundTrip(i int) (int, error) {
	if _, err := b.js.PublishMsg(context.Background(), b.msg(i)); err != nil {
		return 0, err
	}
	select {
	case r := <-b.replies:
		return strconv.Atoi(string(r.Data))
	case <-time.After(10 * time.Second):
		return 0, fmt.Errorf("no reply")
	}
}

// pipelined publishes n tasks without waiting, then waits for every
// PubAck and every result.
func (b *bare) pipelined(n int) error {
	for i := range n {
		if _, err := b.js.PublishMsgAsync(b.msg(i)); err != nil {
			return err
		}
	}
	select {
	case <-b.js.PublishAsyncComplete():
	case <-time.After(60 * time.Second):
		return fmt.Errorf("publications not acknowledged")
	}
	for range n {
		select {
		case <-b.replies:
		case <-time.After(60 * time.Second):
			return fmt.Errorf("results missing")
		}
	}
	return nil
}

func (b *bare) stop() {
	for _, w := range b.workers {
		_ = w.Process.Kill()
		_ = w.Wait()
	}
	b.nc.Close()
	b.srv.Shutdown()
	b.srv.WaitForShutdown()
	_ = os.RemoveAll(b.dir)
}

// bareWorker is a worker process of the baseline: it doubles each task
// and publishes the result to the task's inbox, then acknowledges it.
func bareWorker(url string) {
	nc, err := nats.Connect(url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		os.Exit(1)
	}
	cons, err := js.Consumer(context.Background(), "BARE", "bare")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_, err = cons.Consume(func(m jetstream.Msg) {
		i, _ := strconv.Atoi(string(m.Data()))
		_ = nc.Publish(m.Headers().Get(hdrReply), strconv.AppendInt(nil, int64(2*i), 10))
		_ = m.Ack()
	})
	if err != nil {
		os.Exit(1)
	}
	buf := make([]byte, 1)
	_, _ = os.Stdin.Read(buf) // until the benchmark ends
	os.Exit(0)
}
