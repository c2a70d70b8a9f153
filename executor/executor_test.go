package executor_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

const patience = 10 * time.Second

func double(_ context.Context, x int) (int, error) { return 2 * x, nil }

// remote is an executor that drives tasks the way a process pool does:
// through TypedTask's Start, Finish and Fail rather than Run. It refuses
// every task after the first accept ones.
type remote struct {
	accept int32
	taken  atomic.Int32
	wg     sync.WaitGroup
}

func (r *remote) Execute(t executor.Task) error {
	if r.taken.Add(1) > r.accept {
		return executor.ErrShutdown
	}
	tt := t.(executor.TypedTask[int, int])
	r.wg.Go(func() {
		for i := range tt.Len() {
			if tt.Start(i) {
				v, err := executor.Invoke(tt.Context(), tt.Func().(func(context.Context, int) (int, error)), tt.Arg(i))
				tt.Finish(i, v, err)
			}
		}
	})
	return nil
}

func (r *remote) Shutdown(bool, ...executor.ShutdownOption) error {
	r.wg.Wait()
	return nil
}

func TestRemoteStyleExecutor(t *testing.T) {
	r := &remote{accept: 1000}
	defer r.Shutdown(true)
	v, err := executor.Apply(r, double, 4)
	require.NoError(t, err)
	require.Equal(t, 8, v)
	got, err := executor.MapAll(r, double, []int{1, 2, 3, 4, 5}, executor.WithChunkSize(2))
	require.NoError(t, err)
	require.Equal(t, []int{2, 4, 6, 8, 10}, got)
	fail := func(context.Context, int) (int, error) { return 0, errors.New("no") }
	_, err = executor.MapAll(r, fail, []int{1, 2, 3}, executor.WithChunkSize(2))
	var me *executor.MapError
	require.ErrorAs(t, err, &me)
	require.Equal(t, 3, me.Failed)
}

func TestMapStopsAtTheFirstRefusedChunk(t *testing.T) {
	r := &remote{accept: 2}
	defer r.Shutdown(true)
	var vals []int
	var errs []error
	for v, err := range executor.Map(r, double, []int{0, 1, 2, 3, 4, 5, 6}, executor.WithChunkSize(2)) {
		vals = append(vals, v)
		errs = append(errs, err)
	}
	require.Equal(t, []int{0, 2, 4, 6, 0}, vals)
	require.ErrorIs(t, errs[4], executor.ErrShutdown)
	require.NoError(t, errors.Join(errs[:4]...))
}

func TestMapSeqStopsAtTheFirstRefusedChunk(t *testing.T) {
	r := &remote{accept: 3}
	defer r.Shutdown(true)
	var errs []error
	for _, err := range executor.MapSeq(r, double, count(100), executor.WithBufferSize(10)) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 4)
	require.ErrorIs(t, errs[3], executor.ErrShutdown)
}

// count yields 0, 1, ... n-1.
func count(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

func TestMapSeqChunksAndBuffer(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(2))
	defer p.Shutdown(true)
	i := 0
	for v, err := range executor.MapSeq(p, double, count(103), executor.WithChunkSize(10), executor.WithBufferSize(25)) {
		require.NoError(t, err)
		require.Equal(t, 2*i, v)
		i++
	}
	require.Equal(t, 103, i)
}

func TestInvalidMapOptions(t *testing.T) {
	p := threadpool.New()
	defer p.Shutdown(true)
	var nilCtx context.Context
	for name, opt := range map[string]executor.MapOption{
		"WithChunkSize(0)":  executor.WithChunkSize(0),
		"WithBufferSize(0)": executor.WithBufferSize(0),
		"WithContext(nil)":  executor.WithContext(nilCtx),
	} {
		t.Run(name, func(t *testing.T) {
			for _, err := range executor.MapSeq(p, double, count(3), opt) {
				require.ErrorContains(t, err, name)
			}
			for i, r := range executor.MapUnordered(p, double, []int{1}, opt) {
				require.Equal(t, -1, i)
				require.ErrorContains(t, r.Err, name)
			}
			_, err := executor.MapAll(p, double, []int{1}, opt)
			require.ErrorContains(t, err, name)
			require.ErrorContains(t, executor.MapAsync(p, double, []int{1}, opt).Err(0), name)
		})
	}
}

func TestMapOverNothing(t *testing.T) {
	p := threadpool.New()
	defer p.Shutdown(true)
	for range executor.Map(p, double, nil) {
		t.Fatal("yielded for an empty input")
	}
	got, err := executor.MapAll(p, double, []int{})
	require.NoError(t, err)
	require.Empty(t, got)
}

func TestMapUnorderedDeadline(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1))
	defer p.Shutdown(true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	last := -2
	var lastErr error
	for i, r := range executor.MapUnordered(p, sleepFor, []time.Duration{0, time.Hour, 0},
		executor.WithChunkSize(1), executor.WithTimeout(100*time.Millisecond), executor.WithContext(ctx)) {
		last, lastErr = i, r.Err
	}
	require.Equal(t, -1, last)
	require.ErrorIs(t, lastErr, future.ErrTimeout)
}

func sleepFor(ctx context.Context, d time.Duration) (time.Duration, error) {
	select {
	case <-time.After(d):
		return d, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func TestMapAllDeadlineCancelsTheRest(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1))
	defer p.Shutdown(true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ran atomic.Int32
	slow := func(ctx context.Context, d time.Duration) (time.Duration, error) {
		ran.Add(1)
		return sleepFor(ctx, d)
	}
	_, err := executor.MapAll(p, slow, []time.Duration{time.Hour, 0, 0, 0},
		executor.WithChunkSize(1), executor.WithTimeout(50*time.Millisecond), executor.WithContext(ctx))
	require.ErrorIs(t, err, future.ErrTimeout)
	cancel()
	require.NoError(t, p.Shutdown(true))
	require.Equal(t, int32(1), ran.Load())
}

func TestMapAsyncCancelStopsCallsNotStarted(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1))
	defer p.Shutdown(true)
	release := make(chan struct{})
	var ran atomic.Int32
	wait := func(_ context.Context, x int) (int, error) {
		ran.Add(1)
		<-release
		return x, nil
	}
	f := executor.MapAsync(p, wait, []int{1, 2, 3, 4}, executor.WithChunkSize(1))
	require.Eventually(t, func() bool { return ran.Load() == 1 }, patience, time.Millisecond)
	require.True(t, f.Cancel())
	close(release)
	require.NoError(t, p.Shutdown(true))
	require.Equal(t, int32(1), ran.Load())
	require.ErrorIs(t, f.Err(0), future.ErrCancelled)
}

func TestSubmitContextPassesTheContext(t *testing.T) {
	p := threadpool.New()
	defer p.Shutdown(true)
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "trace-7")
	read := func(ctx context.Context, _ int) (string, error) { return ctx.Value(key{}).(string), nil }
	f, err := executor.SubmitContext(ctx, p, read, 0)
	require.NoError(t, err)
	v, err := f.Result(patience)
	require.NoError(t, err)
	require.Equal(t, "trace-7", v)
}

func TestErrors(t *testing.T) {
	cause := errors.New("disk full")
	pe := &executor.PanicError{Value: cause}
	require.ErrorIs(t, pe, cause)
	require.EqualError(t, pe, "executor: task panicked: disk full")
	require.Nil(t, (&executor.PanicError{Value: "text"}).Unwrap())
	me := &executor.MapError{Index: 3, Failed: 2, Total: 10, Err: cause}
	require.ErrorIs(t, me, cause)
	require.EqualError(t, me, "executor: 2 of 10 calls failed; the first, input 3: disk full")
	require.Equal(t, executor.ShutdownOptions{CancelPending: true, Terminate: true},
		executor.ShutdownConfig(executor.Terminate()))
	require.Equal(t, executor.ShutdownOptions{CancelPending: true}, executor.ShutdownConfig(nil, executor.CancelPending()))
}
