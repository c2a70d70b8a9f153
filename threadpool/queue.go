package threadpool

import "github.com/gocurrent/futures/executor"

// segmentSize is the number of tasks in one queue segment (2 KiB).
const segmentSize = 128

// segment is one link of the queue.
type segment struct {
	tasks [segmentSize]executor.Task
	next  *segment
}

// queue is a FIFO of tasks kept in linked fixed-size segments, so that a
// long queue grows without copying and a drained segment is reused. It is
// not safe for concurrent use; the pool guards it with its mutex.
type queue struct {
	head, tail *segment
	first      int // index of the oldest task in head
	end        int // index after the newest task in tail
	n          int
	spare      *segment // a drained segment kept for the next growth
}

func (q *queue) len() int { return q.n }

func (q *queue) push(t executor.Task) {
	switch {
	case q.tail == nil:
		q.head = q.newSegment()
		q.tail = q.head
	case q.end == segmentSize:
		q.tail.next = q.newSegment()
		q.tail, q.end = q.tail.next, 0
	}
	q.tail.tasks[q.end] = t
	q.end++
	q.n++
}

func (q *queue) pop() executor.Task {
	t := q.head.tasks[q.first]
	q.head.tasks[q.first] = nil
	q.first++
	q.n--
	switch {
	case q.n == 0: // empty: start again at the front of this segment
		q.first, q.end = 0, 0
		q.tail = q.head
		if q.head.next != nil {
			q.spare, q.head.next = q.head.next, nil
		}
	case q.first == segmentSize:
		old := q.head
		q.head, q.first = old.next, 0
		old.next = nil
		q.spare = old
	}
	return t
}

func (q *queue) newSegment() *segment {
	if s := q.spare; s != nil {
		q.spare = nil
		return s
	}
	return new(segment)
}

// drain removes and returns every task, oldest first.
func (q *queue) drain() []executor.Task {
	ts := make([]executor.Task, 0, q.n)
	for q.n > 0 {
		ts = append(ts, q.pop())
	}
	return ts
}

// remove takes t out of the queue and reports whether it was there. It
// costs a pass over the queue.
func (q *queue) remove(t executor.Task) bool {
	ts := q.drain()
	found := false
	for _, x := range ts {
		if x == t && !found {
			found = true
			continue
		}
		q.push(x)
	}
	return found
}
