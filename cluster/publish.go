package cluster

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// pendingPub is a task message waiting for the server's acknowledgement.
type pendingPub struct {
	tk  *task
	m   *nats.Msg
	ack jetstream.PubAckFuture
}

// publish sends m without waiting for the server to store it; the
// publisher goroutine waits for that.
func (e *Executor) publish(tk *task, m *nats.Msg) {
	for {
		ack, err := e.js.PublishMsgAsync(m)
		if err == nil {
			select {
			case e.pub <- pendingPub{tk, m, ack}:
			case <-e.stopMonitor:
			}
			return
		}
		if !e.keepTrying(tk) {
			return
		}
		// Too many publications await their acknowledgement, or the
		// connection is reconnecting: wait a little and try again.
		time.Sleep(5 * time.Millisecond)
	}
}

// publisher waits for the acknowledgement of each published task, in
// order, and publishes again those that were not stored. The message ID
// header makes the server drop a second copy of a message it did store.
func (e *Executor) publisher() {
	defer e.bg.Done()
	for {
		select {
		case p := <-e.pub:
			select {
			case <-p.ack.Ok():
			case <-p.ack.Err():
				e.republish(p)
			}
		case <-e.stopMonitor:
			return
		}
	}
}

// republish publishes p's message, waiting for the acknowledgement, until
// it is stored or nobody needs it any more.
func (e *Executor) republish(p pendingPub) {
	for e.keepTrying(p.tk) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err := e.js.PublishMsg(ctx, p.m)
		cancel()
		if err == nil || errors.Is(err, nats.ErrConnectionClosed) {
			return
		}
		select {
		case <-time.After(100 * time.Millisecond):
		case <-e.stopMonitor:
			return
		}
	}
}

// keepTrying reports whether tk still waits for a worker.
func (e *Executor) keepTrying(tk *task) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.tasks[tk.id] == tk && e.nc != nil && !e.nc.IsClosed()
}
