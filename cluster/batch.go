package cluster

import (
	"encoding/binary"
	"sync"
)

// A worker's requests to one executor (claims, results) go one batch at
// a time: the first is sent at once, and those that come while it is
// under way wait and leave together when it returns. A lone request costs
// one round trip as before; under load, one round trip carries many, so
// the messages per task stay few.

// batcher sends items to executors, one batch per executor in flight.
type batcher struct {
	send func(owner string, items [][]byte) ([][]byte, error)

	mu     sync.Mutex
	owners map[string]*ownerQueue
}

type ownerQueue struct {
	waiting []*batchItem
}

// batchItem is one request of a batch and, once it returns, its answer.
type batchItem struct {
	body  []byte
	reply []byte
	err   error
	done  chan struct{}
}

func newBatcher(send func(owner string, items [][]byte) ([][]byte, error)) *batcher {
	return &batcher{send: send, owners: map[string]*ownerQueue{}}
}

// do sends body to owner in the next batch and returns its answer.
func (b *batcher) do(owner string, body []byte) ([]byte, error) {
	it := &batchItem{body: body, done: make(chan struct{})}
	b.mu.Lock()
	if q, busy := b.owners[owner]; busy {
		q.waiting = append(q.waiting, it)
		b.mu.Unlock()
		<-it.done
		return it.reply, it.err
	}
	b.owners[owner] = &ownerQueue{}
	b.mu.Unlock()
	b.flush(owner, []*batchItem{it})
	return it.reply, it.err
}

// flush sends batch, then the items that queued meanwhile, until none is
// left.
func (b *batcher) flush(owner string, batch []*batchItem) {
	for len(batch) > 0 {
		bodies := make([][]byte, len(batch))
		for i, it := range batch {
			bodies[i] = it.body
		}
		replies, err := b.send(owner, bodies)
		for i, it := range batch {
			if err != nil {
				it.err = err
			} else if i < len(replies) {
				it.reply = replies[i]
			} else {
				it.err = errMalformed
			}
			close(it.done)
		}
		b.mu.Lock()
		q := b.owners[owner]
		batch, q.waiting = q.waiting, nil
		if len(batch) == 0 {
			delete(b.owners, owner)
		}
		b.mu.Unlock()
	}
}

// encodeBatch writes a worker id and items; decodeBatch reads them. A
// batch of replies has no worker id.
func encodeBatch(worker string, items [][]byte) []byte {
	n := len(worker) + 2*binary.MaxVarintLen32
	for _, it := range items {
		n += len(it) + binary.MaxVarintLen32
	}
	b := make([]byte, 0, n)
	b = binary.AppendUvarint(b, uint64(len(worker)))
	b = append(b, worker...)
	b = binary.AppendUvarint(b, uint64(len(items)))
	for _, it := range items {
		b = binary.AppendUvarint(b, uint64(len(it)))
		b = append(b, it...)
	}
	return b
}

func decodeBatch(b []byte) (string, [][]byte, error) {
	l, n := binary.Uvarint(b)
	if n <= 0 || l > uint64(len(b)-n) {
		return "", nil, errMalformed
	}
	worker := string(b[n : n+int(l)])
	b = b[n+int(l):]
	count, n := binary.Uvarint(b)
	if n <= 0 || count > uint64(len(b)) {
		return "", nil, errMalformed
	}
	b = b[n:]
	items := make([][]byte, count)
	for i := range items {
		l, n := binary.Uvarint(b)
		if n <= 0 || l > uint64(len(b)-n) {
			return "", nil, errMalformed
		}
		items[i] = b[n : n+int(l)]
		b = b[n+int(l):]
	}
	if len(b) != 0 {
		return "", nil, errMalformed
	}
	return worker, items, nil
}
