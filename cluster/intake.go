package cluster

import (
	"context"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// A worker fetches tasks itself, only as many as it has room for (free
// call slots, plus WithPrefetch), and holds every task it fetched in a set
// that its heartbeat keeps alive: a task waiting in the worker for a slot
// is not given to another worker after the ack wait, and a task nobody
// has room for stays in the queue for whichever worker frees a slot first.

// intake fetches tasks while the worker has room and passes them to
// ready; it closes ready when ctx ends.
func (w *worker) intake(ctx context.Context, cons jetstream.Consumer, ready chan<- jetstream.Msg) {
	defer close(ready)
	capacity := w.cfg.concurrency + w.cfg.prefetch
	for ctx.Err() == nil {
		room := capacity - w.heldCount()
		if room < max(1, capacity/4) {
			select {
			case <-w.freed:
			case <-ctx.Done():
				return
			}
			continue
		}
		poll, cancel := context.WithTimeout(ctx, time.Second)
		batch, err := cons.Fetch(room, jetstream.FetchContext(poll))
		if err != nil {
			cancel()
			select {
			case <-time.After(100 * time.Millisecond): // reconnecting, or the consumer is being set up
			case <-ctx.Done():
				return
			}
			continue
		}
		for m := range batch.Messages() {
			w.hold(m)
			ready <- m // never blocks: ready has room for capacity
		}
		cancel()
	}
}

// dispatch starts a call for each task of ready as call slots free up;
// once the worker stops, it gives the tasks back to the queue instead.
func (w *worker) dispatch(ready <-chan jetstream.Msg, done chan<- struct{}) {
	defer close(done)
	for m := range ready {
		if !w.stopping.Load() {
			w.slots <- struct{}{}
			if !w.stopping.Load() {
				w.running.Add(1)
				go w.handle(m)
				continue
			}
			<-w.slots
		}
		_ = m.Nak() // back to the queue at once, for another worker
		w.release(m)
	}
}

// hold adds m to the tasks the heartbeat keeps alive.
func (w *worker) hold(m jetstream.Msg) {
	w.mu.Lock()
	w.held[m] = struct{}{}
	w.mu.Unlock()
}

// release removes m from the held tasks and wakes the intake.
func (w *worker) release(m jetstream.Msg) {
	w.mu.Lock()
	delete(w.held, m)
	w.mu.Unlock()
	select {
	case w.freed <- struct{}{}:
	default:
	}
}

func (w *worker) heldCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.held)
}
