package processpool

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
)

// oneCall is a task of one call, told apart by its id.
type oneCall struct {
	executor.Task
	id int
}

func (oneCall) Len() int { return 1 }

func TestQueueRing(t *testing.T) {
	var q queue
	var want []int // the model
	next := 0
	check := func() {
		t.Helper()
		require.Equal(t, len(want), q.len())
		require.Equal(t, len(want), q.calls)
	}
	for round := range 2000 {
		switch {
		case round%7 == 3: // back to the front
			q.pushFront(pending{t: oneCall{id: next}})
			want = append([]int{next}, want...)
			next++
		case round%3 != 0 || round > 1500:
			if len(want) == 0 {
				_, ok := q.pop()
				require.False(t, ok)
				continue
			}
			pd, ok := q.pop()
			require.True(t, ok)
			require.Equal(t, want[0], pd.t.(oneCall).id)
			want = want[1:]
		default:
			for range 5 {
				q.push(pending{t: oneCall{id: next}})
				want = append(want, next)
				next++
			}
		}
		check()
		if pd, ok := q.peek(); ok {
			require.Equal(t, want[0], pd.t.(oneCall).id)
		}
	}
	q.push(pending{t: oneCall{id: -1}})
	q.pushFront(pending{t: oneCall{id: -2}})
	got := q.drain()
	require.Len(t, got, 2+len(want))
	require.Equal(t, -2, got[0].t.(oneCall).id)
	require.Equal(t, -1, got[len(got)-1].t.(oneCall).id)
	require.Zero(t, q.len())
	require.Zero(t, q.calls)
}

// TestQueueKeepsSmallRings checks that an emptied queue keeps a ring of a
// few thousand tasks, for the next burst, and lets a larger one go.
func TestQueueKeepsSmallRings(t *testing.T) {
	var q queue
	fill := func(n int) {
		for i := range n {
			q.push(pending{t: oneCall{id: i}})
		}
		for range n {
			_, ok := q.pop()
			require.True(t, ok)
		}
	}
	fill(20_000)
	require.Equal(t, 32_768, len(q.items), "a burst's ring is kept")
	fill(20_000)
	require.Equal(t, 32_768, len(q.items), "and reused")
	fill(keepRing + 1)
	require.Nil(t, q.items, "a larger ring goes once the queue is empty")
}
