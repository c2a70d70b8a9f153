package executortest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

var submitTests = map[string]func(*testing.T, Factory){
	"result is the function's value": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 2)
		v, err := submit(t, e, Double, 21).Result(patience)
		require.NoError(t, err)
		require.Equal(t, 42, v)
	},
	"error keeps its text": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 2)
		f := submit(t, e, Fail, "disk full")
		v, err := f.Result(patience)
		require.EqualError(t, err, "disk full")
		require.Zero(t, v)
		require.EqualError(t, f.Err(patience), "disk full")
		require.Contains(t, f.String(), "finished raised")
	},
	"panic becomes PanicError and the executor survives": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		err := submit(t, e, Panic, "boom").Err(patience)
		var pe *executor.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "boom", pe.Value)
		require.NotEmpty(t, pe.Stack)
		v, err := submit(t, e, Double, 1).Result(patience)
		require.NoError(t, err)
		require.Equal(t, 2, v)
	},
	"result times out while the task runs": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		release := occupy(t, e)
		defer release()
		f := submit(t, e, Double, 1)
		_, err := f.Result(50 * time.Millisecond)
		require.ErrorIs(t, err, future.ErrTimeout)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err = f.Await(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.False(t, f.Done())
	},
	"callbacks run once in order, late ones at once": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		release := occupy(t, e)
		f := submit(t, e, Double, 4)
		var mu sync.Mutex
		var got []int
		add := func(n int) {
			f.AddDoneCallback(func(f *future.Future[int]) {
				mu.Lock()
				defer mu.Unlock()
				v, _ := f.Result(0)
				got = append(got, n*100+v)
			})
		}
		add(1)
		add(2)
		release()
		require.NoError(t, f.Err(patience))
		require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 2 }, patience, time.Millisecond)
		add(3) // done already: runs before AddDoneCallback returns
		mu.Lock()
		defer mu.Unlock()
		require.Equal(t, []int{108, 208, 308}, got)
	},
	"Apply waits for the value": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 2)
		v, err := executor.Apply(e, Double, 5)
		require.NoError(t, err)
		require.Equal(t, 10, v)
		_, err = executor.Apply(e, Fail, "nope")
		require.EqualError(t, err, "nope")
	},
	"100 goroutines submit at once": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 4)
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for g := range 100 {
			wg.Go(func() {
				for i := range 20 {
					v, err := executor.Apply(e, Double, g*1000+i)
					if err == nil && v != 2*(g*1000+i) {
						err = errors.New("wrong result")
					}
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
	},
	"Wait and AsCompleted see executor futures": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 2)
		release := occupy(t, e)
		slow := submit(t, e, Double, 1) // queued behind the blocker, or running on the second worker
		quick := submit(t, e, Fail, "fast")
		require.NoError(t, slow.Err(patience))
		done, notDone := future.Wait([]*future.Future[int]{slow, quick, slow}, patience, future.AllCompleted)
		require.Len(t, done, 2)
		require.Empty(t, notDone)
		n := 0
		for f, err := range future.AsCompleted([]*future.Future[int]{quick, slow}, patience) {
			require.NoError(t, err)
			require.True(t, f.Done())
			n++
		}
		require.Equal(t, 2, n)
		release()
	},
}
