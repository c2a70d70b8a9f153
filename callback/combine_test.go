package callback_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/future"
)

// pending returns n pending futures.
func pending(n int) []*future.Future[int] {
	fs := make([]*future.Future[int], n)
	for i := range fs {
		fs[i] = future.New[int]()
	}
	return fs
}

// event completes one future of a test: fs[i] succeeds with i*10, fails
// with err, or is cancelled.
type event struct {
	i      int
	err    error
	cancel bool
}

func (ev event) apply(fs []*future.Future[int]) {
	switch {
	case ev.cancel:
		fs[ev.i].Cancel()
	case ev.err != nil:
		fs[ev.i].SetErr(ev.err)
	default:
		fs[ev.i].SetResult(ev.i * 10)
	}
}

func TestAll(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		events    []event
		doneAfter int // how many events complete the future
		want      []int
		wantIndex int // position in the IndexError; -1: success
		wantErr   error
	}{
		{name: "no futures succeed at once", n: 0, want: []int{}, wantIndex: -1},
		{name: "values in slice order, whatever the completion order", n: 3,
			events: []event{{i: 2}, {i: 0}, {i: 1}}, doneAfter: 3, want: []int{0, 10, 20}, wantIndex: -1},
		{name: "first failing future fails at once", n: 3,
			events: []event{{i: 0, err: errBoom}, {i: 1}, {i: 2}}, doneAfter: 1, wantIndex: 0, wantErr: errBoom},
		{name: "a later failure waits for the futures before it", n: 3,
			events: []event{{i: 2, err: errBoom}, {i: 0}, {i: 1}}, doneAfter: 3, wantIndex: 2, wantErr: errBoom},
		{name: "but not for those after it", n: 3,
			events: []event{{i: 1, err: errBoom}, {i: 0}, {i: 2}}, doneAfter: 2, wantIndex: 1, wantErr: errBoom},
		{name: "the first failure by position wins over an earlier one in time", n: 3,
			events: []event{{i: 2, err: errOther}, {i: 0, err: errBoom}, {i: 1}}, doneAfter: 2, wantIndex: 0, wantErr: errBoom},
		{name: "a cancelled future is a failure", n: 2,
			events: []event{{i: 0}, {i: 1, cancel: true}}, doneAfter: 2, wantIndex: 1, wantErr: future.ErrCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := pending(tt.n)
			f := callback.All(fs)
			for k, ev := range tt.events {
				require.Equal(t, k >= tt.doneAfter, f.Done(), "done after %d events", k)
				ev.apply(fs)
			}
			require.True(t, f.Done())
			v, err := f.Result(0)
			if tt.wantIndex < 0 {
				require.NoError(t, err)
				require.Equal(t, tt.want, v)
				return
			}
			var ie *callback.IndexError
			require.ErrorAs(t, err, &ie)
			require.Equal(t, tt.wantIndex, ie.Index)
			require.ErrorIs(t, err, tt.wantErr)
		})
	}
}

func TestAllCancel(t *testing.T) {
	fs := pending(3)
	fs[0].SetResult(1)
	f := callback.All(fs)
	require.True(t, f.Cancel())
	require.False(t, fs[0].Cancelled(), "a finished input stays finished")
	require.True(t, fs[1].Cancelled())
	require.True(t, fs[2].Cancelled())
}

func TestAllDuplicatesAndSliceReuse(t *testing.T) {
	fs := pending(2)
	in := []*future.Future[int]{fs[0], fs[1], fs[0]}
	f := callback.All(in)
	in[1] = done(99) // All keeps its own copy
	fs[1].SetResult(2)
	fs[0].SetResult(1)
	v, err := result(t, f)
	require.NoError(t, err)
	require.Equal(t, []int{1, 2, 1}, v)
}

func TestAny(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		events    []event
		doneAfter int
		want      int
		wantErrs  []error // all wrapped by the error; nil: success
	}{
		{name: "no futures fail with ErrNoFutures", n: 0, wantErrs: []error{callback.ErrNoFutures}},
		{name: "the first success wins", n: 3, events: []event{{i: 1, err: errBoom}, {i: 2}, {i: 0}}, doneAfter: 2, want: 20},
		{name: "all failing joins every error", n: 3,
			events: []event{{i: 2, err: errOther}, {i: 0, err: errBoom}, {i: 1, cancel: true}}, doneAfter: 3,
			wantErrs: []error{errBoom, errOther, future.ErrCancelled}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := pending(tt.n)
			f := callback.Any(fs)
			for k, ev := range tt.events {
				require.Equal(t, k >= tt.doneAfter, f.Done(), "done after %d events", k)
				ev.apply(fs)
			}
			v, err := result(t, f)
			if tt.wantErrs == nil {
				require.NoError(t, err)
				require.Equal(t, tt.want, v)
				return
			}
			for _, want := range tt.wantErrs {
				require.True(t, errors.Is(err, want), "%v does not wrap %v", err, want)
			}
		})
	}
}

func TestAnyCancel(t *testing.T) {
	fs := pending(2)
	f := callback.Any(fs)
	require.True(t, f.Cancel())
	require.True(t, fs[0].Cancelled())
	require.True(t, fs[1].Cancelled())
}

func TestAnyLeavesTheOthers(t *testing.T) {
	fs := pending(2)
	f := callback.Any(fs)
	fs[0].SetResult(1)
	require.True(t, f.Done())
	require.False(t, fs[1].Done(), "Any does not cancel the losers")
	fs[1].SetResult(2)
}

func TestCombinersPanicOnNil(t *testing.T) {
	require.PanicsWithValue(t, "callback: All: future 1 is nil", func() {
		callback.All([]*future.Future[int]{done(1), nil})
	})
	require.PanicsWithValue(t, "callback: Any: future 0 is nil", func() {
		callback.Any([]*future.Future[int]{nil})
	})
}
