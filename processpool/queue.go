package processpool

// queue is a FIFO of pending tasks, in a ring that grows by doubling and
// never moves its items otherwise. Tasks that were sent to a worker that
// died before it got them, or taken back from one, go back to the front.
type queue struct {
	items []pending // a ring; len is a power of two, or 0
	head  int       // index of the first item
	n     int       // number of items
	calls int       // calls of the queued tasks, for Stats
}

// keepRing is the largest ring kept once the queue is empty (about
// 2.5 MiB): a pool that takes bursts of thousands of tasks does not grow
// its ring again for each, and one that took a million lets it go.
const keepRing = 1 << 15

func (q *queue) len() int { return q.n }

// grow makes room for one more item.
func (q *queue) grow() {
	if q.n < len(q.items) {
		return
	}
	items := make([]pending, max(16, 2*len(q.items)))
	for i := range q.n {
		items[i] = q.items[(q.head+i)&(len(q.items)-1)]
	}
	q.items, q.head = items, 0
}

func (q *queue) push(pd pending) {
	q.grow()
	q.items[(q.head+q.n)&(len(q.items)-1)] = pd
	q.n++
	q.calls += pd.count()
}

func (q *queue) pushFront(pd pending) {
	q.grow()
	q.head = (q.head - 1) & (len(q.items) - 1)
	q.items[q.head] = pd
	q.n++
	q.calls += pd.count()
}

func (q *queue) peek() (pending, bool) {
	if q.n == 0 {
		return pending{}, false
	}
	return q.items[q.head], true
}

func (q *queue) pop() (pending, bool) {
	if q.n == 0 {
		return pending{}, false
	}
	pd := q.items[q.head]
	q.items[q.head] = pending{}
	q.head = (q.head + 1) & (len(q.items) - 1)
	q.n--
	q.calls -= pd.count()
	if q.n == 0 && len(q.items) > keepRing {
		q.items, q.head = nil, 0 // let a large burst's ring go
	}
	return pd, true
}

// drain empties the queue and returns what it held, in order.
func (q *queue) drain() []pending {
	items := make([]pending, 0, q.n)
	for q.n > 0 {
		pd, _ := q.pop()
		items = append(items, pd)
	}
	q.items, q.head, q.calls = nil, 0, 0
	return items
}
