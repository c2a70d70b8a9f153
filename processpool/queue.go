package processpool

// queue is a FIFO of pending tasks. Tasks that were claimed for a worker
// that died before it got them go back to the front.
type queue struct {
	items []pending
	head  int
	calls int // calls of the queued tasks, for Stats
}

func (q *queue) len() int { return len(q.items) - q.head }

func (q *queue) push(pd pending) {
	if q.head > 0 && q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	}
	q.items = append(q.items, pd)
	q.calls += pd.count()
}

func (q *queue) pushFront(pd pending) {
	q.calls += pd.count()
	if q.head > 0 {
		q.head--
		q.items[q.head] = pd
		return
	}
	q.items = append([]pending{pd}, q.items...)
}

func (q *queue) peek() (pending, bool) {
	if q.len() == 0 {
		return pending{}, false
	}
	return q.items[q.head], true
}

func (q *queue) pop() (pending, bool) {
	if q.len() == 0 {
		return pending{}, false
	}
	pd := q.items[q.head]
	q.items[q.head] = pending{}
	q.head++
	q.calls -= pd.count()
	if q.head > 1024 && q.head*2 > len(q.items) {
		q.items = append([]pending(nil), q.items[q.head:]...)
		q.head = 0
	}
	return pd, true
}

// drain empties the queue and returns what it held.
func (q *queue) drain() []pending {
	items := append([]pending(nil), q.items[q.head:]...)
	q.items, q.head, q.calls = nil, 0, 0
	return items
}
