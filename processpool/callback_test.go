package processpool_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

func recoverWith(_ context.Context, err error) (int, error) { return -1, nil }

func init() { processpool.Register(recoverWith) }

// The callback steps that hand their function a closure, an error or a
// future cannot run in a worker: on a process pool they fail at once with
// callback.ErrRemoteStep, never later or with an unrelated error.
func TestCallbackStepsThatCannotRunInAWorker(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	require.ErrorIs(t, p.CanRun(recoverWith), nil)
	require.ErrorIs(t, p.CanRun(func(context.Context, int) (int, error) { return 0, nil }), processpool.ErrNotRegistered)

	head := future.New[int]() // still pending: the refusal must not wait for it
	steps := map[string]interface{ Err(time.Duration) error }{
		"Catch":   callback.Catch(head, p, recoverWith),
		"Handle":  callback.Handle(head, p, func(context.Context, int, error) (int, error) { return 0, nil }),
		"Finally": callback.Finally(head, p, func(context.Context) error { return nil }),
		"Compose": callback.Compose(head, p, func(context.Context, int) (*future.Future[int], error) { return nil, nil }),
	}
	for name, f := range steps {
		t.Run(name, func(t *testing.T) {
			err := f.Err(time.Millisecond)
			require.ErrorIs(t, err, callback.ErrRemoteStep)
			require.Contains(t, err.Error(), name+" inline")
		})
	}

	t.Run("on a thread of this process they still work after a process-pool step", func(t *testing.T) {
		f, err := executor.Submit(p, fail, "no luck")
		require.NoError(t, err)
		v, err := callback.Catch(f, nil, func(_ context.Context, err error) (int, error) {
			var re *processpool.RemoteError
			if !errors.As(err, &re) {
				return 0, err
			}
			return 7, nil
		}).Result(10 * time.Second)
		require.NoError(t, err)
		require.Equal(t, 7, v)
	})
	require.NoError(t, head.SetResult(1))
}
