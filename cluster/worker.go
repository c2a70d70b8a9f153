package cluster

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gocurrent/futures/internal/registry"
	"github.com/gocurrent/futures/internal/wire"
)

// handle claims, runs and reports one task.
func (w *worker) handle(m jetstream.Msg) {
	defer w.running.Done()
	freed := false
	free := func() {
		if !freed {
			freed = true
			<-w.slots
		}
	}
	defer free()
	h, args, err := readTaskHead(m.Data())
	if err != nil {
		_ = m.Term() // not a task of this package
		w.release(m)
		return
	}
	owner, id := h.owner, h.task
	key := owner + "/" + formatID(id)
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	if h.deadline != 0 {
		ctx, cancel = context.WithDeadline(ctx, time.Unix(0, h.deadline))
		defer cancel()
	}
	w.mu.Lock()
	if j := w.jobs[key]; j != nil {
		// A second delivery of a task this worker runs: acknowledge
		// that one when the task is done.
		delete(w.held, j.msg)
		j.msg = m
		w.mu.Unlock()
		return
	}
	w.jobs[key] = &job{msg: m, owner: owner, cancel: cancel}
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		delete(w.jobs, key)
		w.mu.Unlock()
	}()

	run, err := w.claim(owner, id)
	if err != nil {
		w.finish(key, func(m jetstream.Msg) { _ = m.Term() })
		return
	}
	report := func(payload []byte) {
		free()
		w.deliver(owner, id, payload)
		w.finish(key, func(m jetstream.Msg) { _ = m.Ack() })
	}
	fn, ok := registry.ByName(h.fn)
	if !ok {
		report(registry.Failure(wire.ErrNotRegistered, "the worker has no function "+h.fn+
			": register it with processpool.Register in a package the worker program imports", w.pid))
		return
	}
	fn.Run(ctx, args, run, w.pid, report) // reports even if a call ends its goroutine
}

// finish acknowledges the latest delivery of the job key with ack.
func (w *worker) finish(key string, ack func(jetstream.Msg)) {
	w.mu.Lock()
	m := w.jobs[key].msg
	w.mu.Unlock()
	ack(m)
	w.release(m)
}

// errDrop means the executor said not to run the task.
var errDrop = errors.New("cluster: dropped by its executor")

// claim asks the task's executor whether to run it, and which calls.
func (w *worker) claim(owner string, id uint64) ([]int, error) {
	reply, err := w.claims.do(owner, binary.AppendUvarint(nil, id))
	if err != nil {
		return nil, err
	}
	ok, run, err := decodeReply(reply)
	if err != nil || !ok {
		return nil, errDrop
	}
	return run, nil
}

// deliver hands the outcome to its executor.
func (w *worker) deliver(owner string, id uint64, payload []byte) {
	_, _ = w.results.do(owner, append(binary.AppendUvarint(nil, id), payload...))
}

// batchSender returns the send function of a batcher of requests to
// suffix: a batch is one request, asked until the executor answers.
func (w *worker) batchSender(suffix string) func(string, [][]byte) ([][]byte, error) {
	return func(owner string, items [][]byte) ([][]byte, error) {
		resp, err := w.ask(owner, suffix, encodeBatch(w.id, items))
		if err != nil {
			return nil, err
		}
		_, replies, err := decodeBatch(resp)
		return replies, err
	}
}

// ask sends a request to owner until it answers, or returns errOwnerGone
// once the owner has had no subscription for lostAfter.
func (w *worker) ask(owner, suffix string, body []byte) ([]byte, error) {
	subject := ownerSubject(w.cfg.queue, owner) + suffix
	start := time.Now()
	for {
		resp, err := w.nc.Request(subject, body, w.cfg.lostAfter)
		if err == nil {
			w.mu.Lock()
			delete(w.absent, owner)
			w.mu.Unlock()
			return resp.Data, nil
		}
		if errors.Is(err, nats.ErrNoResponders) {
			w.mu.Lock()
			since, ok := w.absent[owner]
			if !ok {
				since = time.Now()
				w.absent[owner] = since
			}
			w.mu.Unlock()
			if time.Since(since) > w.cfg.lostAfter {
				return nil, errOwnerGone
			}
		}
		if errors.Is(err, nats.ErrConnectionClosed) {
			return nil, err
		}
		if w.stopping.Load() && time.Since(start) > w.cfg.lostAfter {
			return nil, errOwnerGone // Serve is returning: do not wait for ever
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// every calls fn every d until stop is closed.
func every(d time.Duration, stop <-chan struct{}, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		fn()
	}
}

// heartbeat tells JetStream, every quarter of the ack wait, that the
// tasks held are in progress, so that they are not given to another
// worker while they run or wait here for a call slot.
func (w *worker) heartbeat(stop <-chan struct{}) {
	every(w.cfg.ackWait/4, stop, func() {
		w.mu.Lock()
		msgs := make([]jetstream.Msg, 0, len(w.held))
		for m := range w.held {
			msgs = append(msgs, m)
		}
		w.mu.Unlock()
		for _, m := range msgs {
			_ = m.InProgress()
		}
	})
}

// watchOwners cancels the running calls of executors that are gone:
// every quarter of lostAfter it asks each executor of a running call
// whether it is there (an empty claim), and cancels the calls of one that
// has had no subscription for lostAfter, so that no work runs for nobody.
func (w *worker) watchOwners(stop <-chan struct{}) {
	every(w.cfg.lostAfter/4, stop, w.checkOwners)
}

// checkOwners is one round of watchOwners.
func (w *worker) checkOwners() {
	w.mu.Lock()
	owners := map[string][]context.CancelFunc{}
	for _, j := range w.jobs {
		owners[j.owner] = append(owners[j.owner], j.cancel)
	}
	w.mu.Unlock()
	for owner, cancels := range owners {
		_, err := w.nc.Request(ownerSubject(w.cfg.queue, owner)+".claim", encodeBatch(w.id, nil), w.cfg.lostAfter/4)
		w.mu.Lock()
		since, absent := w.absent[owner]
		switch {
		case err == nil:
			delete(w.absent, owner)
		case errors.Is(err, nats.ErrNoResponders) && !absent:
			w.absent[owner] = time.Now()
		}
		w.mu.Unlock()
		if absent && errors.Is(err, nats.ErrNoResponders) && time.Since(since) > w.cfg.lostAfter {
			for _, cancel := range cancels {
				cancel()
			}
		}
	}
}

// onControl answers pings and cancels from the executors.
func (w *worker) onControl(m *nats.Msg) {
	switch {
	case len(m.Subject) > 5 && m.Subject[len(m.Subject)-5:] == ".ping":
		_ = m.Respond(nil)
	case len(m.Subject) > 7 && m.Subject[len(m.Subject)-7:] == ".cancel":
		c, err := decodeCancel(m.Data)
		if err != nil {
			return
		}
		w.mu.Lock()
		j := w.jobs[c.owner+"/"+formatID(c.task)]
		w.mu.Unlock()
		if j != nil {
			j.cancel()
		}
	}
}
