package callback_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

// outcome is what a test expects of a future.
type outcome struct {
	value    int
	err      error // matched with errors.Is
	panicked bool  // the error is a *executor.PanicError
}

func requireOutcome(t *testing.T, want outcome, f *future.Future[int]) {
	t.Helper()
	v, err := result(t, f)
	switch {
	case want.panicked:
		var pe *executor.PanicError
		require.ErrorAs(t, err, &pe)
	case want.err != nil:
		require.ErrorIs(t, err, want.err)
	default:
		require.NoError(t, err)
		require.Equal(t, want.value, v)
	}
}

func TestCatch(t *testing.T) {
	fallback := func(_ context.Context, err error) (int, error) { return -1, nil }
	tests := []struct {
		name      string
		upstream  func() *future.Future[int]
		fn        func(context.Context, error) (int, error)
		want      outcome
		wantCalls int
	}{
		{"success passes through without calling fn", func() *future.Future[int] { return done(7) }, fallback, outcome{value: 7}, 0},
		{"failure recovers into a value", func() *future.Future[int] { return failed[int](errBoom) }, fallback, outcome{value: -1}, 1},
		{"cancelled upstream is recovered too", cancelled[int], fallback, outcome{value: -1}, 1},
		{"fn may fail with another error", func() *future.Future[int] { return failed[int](errBoom) },
			func(context.Context, error) (int, error) { return 0, errOther }, outcome{err: errOther}, 1},
		{"fn panicking gives a PanicError", func() *future.Future[int] { return failed[int](errBoom) },
			func(context.Context, error) (int, error) { panic("no") }, outcome{panicked: true}, 1},
	}
	for _, tt := range tests {
		for ename, e := range executors(t) {
			t.Run(tt.name+"/"+ename, func(t *testing.T) {
				var calls counter
				var got error
				f := callback.Catch(tt.upstream(), e, func(ctx context.Context, err error) (int, error) {
					calls.n.Add(1)
					got = err
					return tt.fn(ctx, err)
				})
				requireOutcome(t, tt.want, f)
				require.Equal(t, tt.wantCalls, calls.calls())
				if tt.wantCalls > 0 {
					require.Error(t, got, "fn receives the upstream error")
				}
			})
		}
	}
}

func TestHandle(t *testing.T) {
	describe := func(_ context.Context, v int, err error) (string, error) {
		if err != nil {
			return "error: " + err.Error(), nil
		}
		return "value", nil
	}
	tests := []struct {
		name     string
		upstream func() *future.Future[int]
		want     string
	}{
		{"success gives the value and a nil error", func() *future.Future[int] { return done(1) }, "value"},
		{"failure gives the error", func() *future.Future[int] { return failed[int](errBoom) }, "error: boom"},
		{"cancellation gives ErrCancelled", cancelled[int], "error: " + future.ErrCancelled.Error()},
	}
	for _, tt := range tests {
		for ename, e := range executors(t) {
			t.Run(tt.name+"/"+ename, func(t *testing.T) {
				v, err := result(t, callback.Handle(tt.upstream(), e, describe))
				require.NoError(t, err)
				require.Equal(t, tt.want, v)
			})
		}
	}
	t.Run("fn may fail", func(t *testing.T) {
		f := callback.Handle(done(1), nil, func(context.Context, int, error) (int, error) { return 0, errOther })
		requireOutcome(t, outcome{err: errOther}, f)
	})
	t.Run("fn panicking gives a PanicError", func(t *testing.T) {
		f := callback.Handle(done(1), nil, func(context.Context, int, error) (int, error) { panic("no") })
		requireOutcome(t, outcome{panicked: true}, f)
	})
}

func TestFinally(t *testing.T) {
	tests := []struct {
		name     string
		upstream func() *future.Future[int]
		fnErr    error
		fnPanics bool
		want     outcome
		alsoErr  error // a second error the outcome must wrap
	}{
		{name: "success is kept", upstream: func() *future.Future[int] { return done(5) }, want: outcome{value: 5}},
		{name: "failure is kept", upstream: func() *future.Future[int] { return failed[int](errBoom) }, want: outcome{err: errBoom}},
		{name: "cancellation is kept", upstream: cancelled[int], want: outcome{err: future.ErrCancelled}},
		{name: "fn failing fails a success", upstream: func() *future.Future[int] { return done(5) }, fnErr: errOther, want: outcome{err: errOther}},
		{name: "fn failing joins a failure", upstream: func() *future.Future[int] { return failed[int](errBoom) }, fnErr: errOther,
			want: outcome{err: errBoom}, alsoErr: errOther},
		{name: "fn panicking joins a failure", upstream: func() *future.Future[int] { return failed[int](errBoom) }, fnPanics: true,
			want: outcome{panicked: true}, alsoErr: errBoom},
	}
	for _, tt := range tests {
		for ename, e := range executors(t) {
			t.Run(tt.name+"/"+ename, func(t *testing.T) {
				var calls counter
				f := callback.Finally(tt.upstream(), e, func(context.Context) error {
					calls.n.Add(1)
					if tt.fnPanics {
						panic("clean-up failed")
					}
					return tt.fnErr
				})
				requireOutcome(t, tt.want, f)
				require.Equal(t, 1, calls.calls(), "fn runs whatever the outcome")
				if tt.alsoErr != nil {
					require.True(t, errors.Is(f.Err(0), tt.alsoErr), "%v does not wrap %v", f.Err(0), tt.alsoErr)
				}
			})
		}
	}
}

func TestRecoverStepsPanicOnNil(t *testing.T) {
	for name, fn := range map[string]func(){
		"callback: Catch: the future is nil":   func() { callback.Catch[int](nil, nil, func(context.Context, error) (int, error) { return 0, nil }) },
		"callback: Catch: the function is nil": func() { callback.Catch[int](done(1), nil, nil) },
		"callback: Handle: the future is nil": func() {
			callback.Handle[int, int](nil, nil, func(context.Context, int, error) (int, error) { return 0, nil })
		},
		"callback: Handle: the function is nil":  func() { callback.Handle[int, int](done(1), nil, nil) },
		"callback: Finally: the future is nil":   func() { callback.Finally[int](nil, nil, func(context.Context) error { return nil }) },
		"callback: Finally: the function is nil": func() { callback.Finally[int](done(1), nil, nil) },
	} {
		t.Run(name, func(t *testing.T) { require.PanicsWithValue(t, name, fn) })
	}
}
