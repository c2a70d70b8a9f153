package threadpool

import "github.com/gocurrent/futures/executor"

// queue is a FIFO ring of tasks that grows as needed. It is not safe for
// concurrent use; the pool guards it with its mutex.
type queue struct {
	buf  []executor.Task
	head int
	n    int
}

func (q *queue) len() int { return q.n }

func (q *queue) push(t executor.Task) {
	if q.n == len(q.buf) {
		q.grow()
	}
	q.buf[(q.head+q.n)%len(q.buf)] = t
	q.n++
}

func (q *queue) pop() executor.Task {
	t := q.buf[q.head]
	q.buf[q.head] = nil
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return t
}

// drain removes and returns every task, oldest first.
func (q *queue) drain() []executor.Task {
	ts := make([]executor.Task, 0, q.n)
	for q.n > 0 {
		ts = append(ts, q.pop())
	}
	return ts
}

func (q *queue) grow() {
	buf := make([]executor.Task, max(16, 2*len(q.buf)))
	for i := range q.n {
		buf[i] = q.buf[(q.head+i)%len(q.buf)]
	}
	q.buf, q.head = buf, 0
}
