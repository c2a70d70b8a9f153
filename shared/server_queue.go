package shared

import "slices"

// queueObj is a Queue held by the server. Getters wait only while items
// is empty, putters only while it is full, each in arrival order.
type queueObj struct {
	items   [][]byte
	size    int // < 1: unbounded
	getters []*waiter
	putters []*waiter
}

// waiter is a blocked Put (with its item) or Get.
type waiter struct {
	c    *sconn
	q    *queueObj
	item []byte
}

func (q *queueObj) full() bool { return q.size > 0 && len(q.items) >= q.size }

func (q *queueObj) handle(c *sconn, m message) []reply {
	switch op(m.head) {
	case opQueuePut:
		return q.put(c, m.field(0))
	case opQueueGet:
		return q.get(c)
	case opQueueLen:
		return []reply{{c, okReply(u64(uint64(len(q.items))))}}
	}
	return []reply{{c, errReply("shared: not a Queue operation")}}
}

func (q *queueObj) put(c *sconn, item []byte) []reply {
	if len(q.getters) > 0 {
		g := q.getters[0]
		q.getters = q.getters[1:]
		g.c.w = nil
		return []reply{{g.c, okReply(item)}, {c, status1(stOK)}}
	}
	if !q.full() {
		q.items = append(q.items, item)
		return []reply{{c, status1(stOK)}}
	}
	w := &waiter{c: c, q: q, item: item}
	q.putters = append(q.putters, w)
	c.w = w
	return nil
}

func (q *queueObj) get(c *sconn) []reply {
	if len(q.items) == 0 {
		w := &waiter{c: c, q: q}
		q.getters = append(q.getters, w)
		c.w = w
		return nil
	}
	x := q.items[0]
	q.items[0] = nil
	q.items = q.items[1:]
	out := []reply{{c, okReply(x)}}
	if len(q.putters) > 0 {
		p := q.putters[0]
		q.putters = q.putters[1:]
		p.c.w = nil
		q.items = append(q.items, p.item)
		out = append(out, reply{p.c, status1(stOK)})
	}
	return out
}

// remove forgets a waiter whose request was cancelled or whose
// connection closed.
func (q *queueObj) remove(w *waiter) {
	q.getters = slices.DeleteFunc(q.getters, func(x *waiter) bool { return x == w })
	q.putters = slices.DeleteFunc(q.putters, func(x *waiter) bool { return x == w })
}
