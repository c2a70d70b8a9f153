package threadpool

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
)

// mark is a Task that only carries a number, to check queue order.
type mark struct{ n int }

func (mark) Run()                     {}
func (mark) Len() int                 { return 1 }
func (mark) Func() any                { return nil }
func (mark) Context() context.Context { return context.Background() }
func (mark) Start(int) bool           { return true }
func (mark) Fail(int, error)          {}
func (mark) Cancel()                  {}

var _ executor.Task = mark{}

func TestQueueKeepsOrderAcrossSegments(t *testing.T) {
	var q queue
	next, want := 0, 0
	// Interleave pushes and pops so that segments fill, drain and are reused.
	for round, size := range []int{1, segmentSize - 1, segmentSize, segmentSize + 1, 3*segmentSize + 7, 0} {
		for range size {
			q.push(mark{next})
			next++
		}
		for q.len() > round%3 {
			require.Equal(t, mark{want}, q.pop())
			want++
		}
	}
	for _, task := range q.drain() {
		require.Equal(t, mark{want}, task)
		want++
	}
	require.Equal(t, next, want)
	require.Zero(t, q.len())
}

func TestQueueRemove(t *testing.T) {
	var q queue
	tasks := make([]*mark, 300)
	for i := range tasks {
		tasks[i] = &mark{n: i}
		q.push(tasks[i])
	}
	require.True(t, q.remove(tasks[150]))
	require.False(t, q.remove(tasks[150]))
	require.Equal(t, 299, q.len())
	for i := range 300 {
		if i == 150 {
			continue
		}
		require.Same(t, tasks[i], q.pop())
	}
}
