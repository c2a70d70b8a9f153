package future_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/future"
)

// setups bring a fresh future into each state of the state machine. The
// finished ones hold the first outcome (1 or errBoom) that later calls must
// not replace.
var setups = map[string]func(t *testing.T, f *future.Future[int]){
	"pending": func(*testing.T, *future.Future[int]) {},
	"running": func(t *testing.T, f *future.Future[int]) { require.True(t, f.SetRunning()) },
	"finished": func(t *testing.T, f *future.Future[int]) {
		require.True(t, f.SetRunning())
		require.NoError(t, f.SetResult(1))
	},
	"failed":    func(t *testing.T, f *future.Future[int]) { require.NoError(t, f.SetErr(errBoom)) },
	"cancelled": func(t *testing.T, f *future.Future[int]) { require.True(t, f.Cancel()) },
}

// actions are the calls that move a future; each returns a bool or an error.
var actions = map[string]func(f *future.Future[int]) any{
	"SetRunning": func(f *future.Future[int]) any { return f.SetRunning() },
	"SetResult":  func(f *future.Future[int]) any { return f.SetResult(2) },
	"SetErr":     func(f *future.Future[int]) any { return f.SetErr(errOther) },
	"Cancel":     func(f *future.Future[int]) any { return f.Cancel() },
}

func TestStateMachine(t *testing.T) {
	invalid := future.ErrInvalidState
	tests := []struct {
		from, action string
		want         any    // the action's return: a bool, nil, or ErrInvalidState
		to           string // the state afterwards
		value        int    // the outcome once done
		err          error
	}{
		{"pending", "SetRunning", true, "running", 0, nil},
		{"pending", "SetResult", nil, "finished", 2, nil},
		{"pending", "SetErr", nil, "finished", 0, errOther},
		{"pending", "Cancel", true, "cancelled", 0, future.ErrCancelled},

		{"running", "SetRunning", false, "running", 0, nil},
		{"running", "SetResult", nil, "finished", 2, nil},
		{"running", "SetErr", nil, "finished", 0, errOther},
		{"running", "Cancel", false, "running", 0, nil},

		{"finished", "SetRunning", false, "finished", 1, nil},
		{"finished", "SetResult", invalid, "finished", 1, nil},
		{"finished", "SetErr", invalid, "finished", 1, nil},
		{"finished", "Cancel", false, "finished", 1, nil},

		{"failed", "SetRunning", false, "finished", 0, errBoom},
		{"failed", "SetResult", invalid, "finished", 0, errBoom},
		{"failed", "SetErr", invalid, "finished", 0, errBoom},
		{"failed", "Cancel", false, "finished", 0, errBoom},

		{"cancelled", "SetRunning", false, "cancelled", 0, future.ErrCancelled},
		{"cancelled", "SetResult", invalid, "cancelled", 0, future.ErrCancelled},
		{"cancelled", "SetErr", invalid, "cancelled", 0, future.ErrCancelled},
		{"cancelled", "Cancel", true, "cancelled", 0, future.ErrCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.action+" on "+tt.from, func(t *testing.T) {
			f := future.New[int]()
			setups[tt.from](t, f)
			got := actions[tt.action](f)
			switch want := tt.want.(type) {
			case bool:
				require.Equal(t, want, got)
			case error:
				require.ErrorIs(t, got.(error), want)
			default:
				require.Nil(t, got)
			}
			require.Equal(t, tt.to, stateOf(t, f))
			if !f.Done() {
				return
			}
			v, err := f.Result(long)
			require.Equal(t, tt.value, v)
			if tt.err == nil {
				require.NoError(t, err)
			} else {
				require.Same(t, tt.err, err, "not the very error: %v", err)
			}
		})
	}
}

func TestStateMachinePaths(t *testing.T) {
	t.Run("pending, running, finished", func(t *testing.T) {
		f := future.New[int]()
		require.Equal(t, "pending", stateOf(t, f))
		require.True(t, f.SetRunning())
		require.Equal(t, "running", stateOf(t, f))
		require.NoError(t, f.SetResult(3))
		require.Equal(t, "finished", stateOf(t, f))
		require.False(t, f.Cancelled())
	})
	t.Run("SetErr(nil) still fails the future", func(t *testing.T) {
		f := future.New[int]()
		require.NoError(t, f.SetErr(nil))
		require.Equal(t, "finished", stateOf(t, f))
		_, err := f.Result(long)
		require.Error(t, err)
		require.Error(t, f.Err(long))
		require.ErrorIs(t, f.SetResult(1), future.ErrInvalidState)
	})
	t.Run("invalid state error names the call", func(t *testing.T) {
		f := future.New[int]()
		require.True(t, f.Cancel())
		err := f.SetResult(1)
		require.ErrorIs(t, err, future.ErrInvalidState)
		require.Contains(t, err.Error(), "SetResult")
		require.Contains(t, err.Error(), "cancelled")
	})
}

// task is how an executor embeds a Future to save an allocation.
type task struct {
	future.Future[string]
	arg int
}

func TestZeroFuture(t *testing.T) {
	t.Run("a zero Future is pending and usable", func(t *testing.T) {
		var f future.Future[int]
		require.Equal(t, "pending", stateOf(t, &f))
		require.NotEqual(t, uuid.Nil, f.ID())
		require.NoError(t, f.SetResult(5))
		v, err := f.Result(0)
		require.NoError(t, err)
		require.Equal(t, 5, v)
	})
	t.Run("embedded in a task struct", func(t *testing.T) {
		tk := &task{arg: 4}
		ran := false
		tk.AddDoneCallback(func(*future.Future[string]) { ran = true })
		require.True(t, tk.SetRunning())
		require.NoError(t, tk.SetResult(fmt.Sprint(tk.arg)))
		v, err := tk.Result(0)
		require.NoError(t, err)
		require.Equal(t, "4", v)
		require.True(t, ran)
	})
}

func TestID(t *testing.T) {
	t.Run("stable", func(t *testing.T) {
		f := future.New[int]()
		id := f.ID()
		require.NotEqual(t, uuid.Nil, id)
		require.NoError(t, f.SetResult(1))
		require.Equal(t, id, f.ID())
		require.Contains(t, f.String(), id.String())
	})
	t.Run("unique", func(t *testing.T) {
		seen := map[uuid.UUID]bool{}
		for range 1000 {
			id := future.New[int]().ID()
			require.False(t, seen[id], "duplicate id %v", id)
			seen[id] = true
		}
	})
}

type point struct{ X, Y int }

func TestString(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*future.Future[int])
		state string
	}{
		{"pending", func(*future.Future[int]) {}, "pending"},
		{"running", func(f *future.Future[int]) { f.SetRunning() }, "running"},
		{"cancelled", func(f *future.Future[int]) { f.Cancel() }, "cancelled"},
		{"returned", func(f *future.Future[int]) { _ = f.SetResult(1) }, "finished returned int"},
		{"raised", func(f *future.Future[int]) { _ = f.SetErr(errBoom) }, "finished raised *errors.errorString (boom)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := future.New[int]()
			tt.setup(f)
			require.Equal(t, fmt.Sprintf("Future[int] %v state=%s", f.ID(), tt.state), f.String())
		})
	}
	t.Run("names the value type", func(t *testing.T) {
		f := future.New[point]()
		require.NoError(t, f.SetResult(point{}))
		require.Equal(t, fmt.Sprintf("Future[future_test.point] %v state=finished returned future_test.point", f.ID()), f.String())
	})
	t.Run("raised names the error type", func(t *testing.T) {
		f := future.New[string]()
		require.NoError(t, f.SetErr(fmt.Errorf("wrapped: %w", errBoom)))
		require.Contains(t, f.String(), "state=finished raised *fmt.wrapError (wrapped: boom)")
	})
}

func TestErrors(t *testing.T) {
	t.Run("ErrTimeout matches context.DeadlineExceeded", func(t *testing.T) {
		require.ErrorIs(t, future.ErrTimeout, context.DeadlineExceeded)
		require.NotErrorIs(t, future.ErrTimeout, context.Canceled)
	})
	t.Run("ErrCancelled matches context.Canceled", func(t *testing.T) {
		require.ErrorIs(t, future.ErrCancelled, context.Canceled)
		require.NotErrorIs(t, future.ErrCancelled, context.DeadlineExceeded)
	})
	t.Run("sentinels are distinct and prefixed", func(t *testing.T) {
		all := []error{future.ErrTimeout, future.ErrCancelled, future.ErrInvalidState}
		for i, a := range all {
			require.Regexp(t, "^future: ", a.Error())
			for j, b := range all {
				require.Equal(t, i == j, errors.Is(a, b), "%v vs %v", a, b)
			}
		}
	})
}
