package registry_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/registry"
	"github.com/gocurrent/futures/processpool"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Pair is a struct argument: it goes through gob.
type Pair struct {
	A, B int
	Tags []string
}

func sum(_ context.Context, p Pair) (int, error) { return p.A + p.B + len(p.Tags), nil }
func twice(_ context.Context, s string) (string, error) {
	if s == "" {
		return "", os.ErrNotExist
	}
	return s + s, nil
}
func ptr(_ context.Context, p *Pair) (*Pair, error) { return p, nil }

func init() {
	processpool.Register(sum)
	processpool.Register(twice)
	processpool.Register(ptr)
}

// capture is an executor that keeps the task it is given.
type capture struct{ t executor.Task }

func (c *capture) Execute(t executor.Task) error                   { c.t = t; return nil }
func (c *capture) Shutdown(bool, ...executor.ShutdownOption) error { return nil }

// roundTrip submits fn(arg), encodes, runs and decodes it as a worker and
// its submitter would, and returns the future.
func roundTrip[A, R any](t *testing.T, fn func(context.Context, A) (R, error), arg A) *future.Future[R] {
	t.Helper()
	c := &capture{}
	f, err := executor.Submit(c, fn, arg)
	require.NoError(t, err)
	rf, err := registry.ByFunc(c.t.Func())
	require.NoError(t, err)
	msg, err := rf.EncodeArgs(c.t)
	require.NoError(t, err)
	wf, ok := registry.ByName(rf.Name())
	require.True(t, ok)
	var out []byte
	wf.Run(context.Background(), msg, nil, 42, func(b []byte) { out = b })
	require.True(t, c.t.Start(0))
	require.NoError(t, rf.Finish(c.t, nil, out, nil))
	return f
}

func TestRoundTrip(t *testing.T) {
	v, err := roundTrip(t, sum, Pair{A: 1, B: 2, Tags: []string{"x"}}).Result(0)
	require.NoError(t, err)
	require.Equal(t, 4, v)

	s, err := roundTrip(t, twice, "ab").Result(0)
	require.NoError(t, err)
	require.Equal(t, "abab", s)

	_, err = roundTrip(t, twice, "").Result(0)
	var re *processpool.RemoteError
	require.ErrorAs(t, err, &re)
	require.ErrorIs(t, err, os.ErrNotExist)
	require.Equal(t, 42, re.PID)

	p, err := roundTrip(t, ptr, nil).Result(0)
	require.NoError(t, err)
	require.Nil(t, p, "a nil pointer arrives as nil")
}

func TestUnregistered(t *testing.T) {
	_, err := registry.ByFunc(func(context.Context, int) (int, error) { return 0, nil })
	require.True(t, errors.Is(err, processpool.ErrNotRegistered))
	_, ok := registry.ByName("no such function")
	require.False(t, ok)
}
