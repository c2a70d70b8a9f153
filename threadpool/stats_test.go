package threadpool_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

var errBoom = errors.New("boom")

func maybeFail(_ context.Context, i int) (int, error) {
	switch {
	case i%10 == 3:
		return 0, errBoom
	case i == 7:
		panic("seven")
	}
	return i, nil
}

func TestStats(t *testing.T) {
	t.Run("counts every call and worker", func(t *testing.T) {
		p := threadpool.New(threadpool.WithMaxWorkers(2), threadpool.WithName("stats"))
		for range executor.Map(p, maybeFail, make([]int, 0)) {
		}
		in := make([]int, 100)
		for i := range in {
			in[i] = i
		}
		for range executor.Map(p, maybeFail, in, executor.WithChunkSize(7)) {
		}
		for i := range 20 {
			f, err := executor.Submit(p, maybeFail, i)
			require.NoError(t, err)
			_, _ = f.Result(0)
		}
		// Idle workers have published their counts; wait for them to be.
		require.Eventually(t, func() bool { return p.Stats().Finished() == 120 }, 10*time.Second, time.Millisecond)
		s := p.Stats()
		require.Equal(t, "threadpool", s.Kind)
		require.Equal(t, "stats", s.Name)
		require.EqualValues(t, 120-11-3, s.Done)
		require.EqualValues(t, 14, s.Failed) // ten errors and a panic in Map, two errors and a panic in Submit
		require.Zero(t, s.Queued)
		require.Zero(t, s.Running)
		require.NotEmpty(t, s.Workers)
		require.LessOrEqual(t, len(s.Workers), 2)
		var tasks int64
		for _, w := range s.Workers {
			tasks += w.Tasks
			require.Equal(t, executor.WorkerIdle, w.State)
			require.Regexp(t, `^stats-\d+$`, w.Name)
		}
		require.EqualValues(t, 120, tasks)
		require.NotEmpty(t, s.Errors)
		var stacked bool
		for _, e := range s.Errors {
			if e.Error == "executor: task panicked: seven" {
				stacked = true
				require.Contains(t, e.Stack, "maybeFail")
			}
		}
		require.True(t, stacked, "the panic is among the recent errors with its stack")
		require.Positive(t, s.Durations.Count)
		require.NoError(t, p.Shutdown(true))
		for _, w := range p.Stats().Workers {
			require.Equal(t, executor.WorkerExited, w.State)
		}
	})
	t.Run("sees running and queued calls", func(t *testing.T) {
		p := threadpool.New(threadpool.WithMaxWorkers(1))
		release := make(chan struct{})
		started := make(chan struct{})
		var once sync.Once
		block := func(context.Context, int) (int, error) {
			once.Do(func() { close(started) })
			<-release
			return 0, nil
		}
		f1, err := executor.Submit(p, block, 1)
		require.NoError(t, err)
		f2, err := executor.Submit(p, block, 2)
		require.NoError(t, err)
		<-started
		s := p.Stats()
		require.EqualValues(t, 1, s.Running)
		require.EqualValues(t, 1, s.Queued)
		require.Equal(t, executor.WorkerBusy, s.Workers[0].State)
		close(release)
		_, _ = f1.Result(0)
		_, _ = f2.Result(0)
		require.NoError(t, p.Shutdown(true))
		s = p.Stats()
		require.EqualValues(t, 2, s.Done)
		require.Positive(t, s.Workers[0].Busy)
	})
	t.Run("counts cancelled queued calls", func(t *testing.T) {
		p := threadpool.New(threadpool.WithMaxWorkers(1))
		release := make(chan struct{})
		f, err := executor.Submit(p, func(context.Context, int) (int, error) { <-release; return 0, nil }, 0)
		require.NoError(t, err)
		require.Eventually(t, f.Running, 10*time.Second, time.Millisecond)
		for range 3 {
			_, err := executor.Submit(p, maybeFail, 1)
			require.NoError(t, err)
		}
		require.NoError(t, p.Shutdown(false, executor.CancelPending())) // before the worker is free to take one
		close(release)
		require.NoError(t, p.Shutdown(true))
		s := p.Stats()
		require.EqualValues(t, 1, s.Done+s.Failed)
		require.EqualValues(t, 3, s.Cancelled)
	})
	t.Run("off", func(t *testing.T) {
		p := threadpool.New(threadpool.WithStats(false))
		_, err := executor.Apply(p, maybeFail, 1)
		require.NoError(t, err)
		require.NoError(t, p.Shutdown(true))
		s := p.Stats()
		require.Equal(t, "threadpool", s.Kind)
		require.Zero(t, s.Done)
	})
}

func TestWorkerFrom(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(2), threadpool.WithName("who"))
	defer p.Shutdown(true)
	who := func(ctx context.Context, _ int) (string, error) {
		w, ok := executor.WorkerFrom(ctx)
		if !ok {
			return "", errors.New("no worker in ctx")
		}
		return w.Name, nil
	}
	name, err := executor.Apply(p, who, 0)
	require.NoError(t, err)
	require.Regexp(t, `^who-[12]$`, name)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f, err := executor.SubmitContext(ctx, p, who, 0)
	require.NoError(t, err)
	name, err = f.Result(0)
	require.NoError(t, err)
	require.Regexp(t, `^who-[12]$`, name)
	for name, err := range executor.Map(p, who, make([]int, 10)) {
		require.NoError(t, err)
		require.Regexp(t, `^who-[12]$`, name)
	}
	_, ok := executor.WorkerFrom(context.Background())
	require.False(t, ok)
}

func TestStatsSlowestAndStartup(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1), threadpool.WithInitializer(func() error {
		time.Sleep(20 * time.Millisecond)
		return nil
	}))
	nap := func(_ context.Context, d time.Duration) (int, error) { time.Sleep(d); return 0, nil }
	ds := []time.Duration{time.Millisecond, 30 * time.Millisecond, 2 * time.Millisecond, 10 * time.Millisecond, 0, 0, 0, 5 * time.Millisecond, 3 * time.Millisecond}
	_, err := executor.MapAll(p, nap, ds, executor.WithChunkSize(1))
	require.NoError(t, err)
	require.NoError(t, p.Shutdown(true))
	s := p.Stats()
	require.GreaterOrEqual(t, len(s.Slowest), 4) // a slow call right after a fast one may go untimed
	require.GreaterOrEqual(t, s.Slowest[0].Duration, 30*time.Millisecond)
	require.GreaterOrEqual(t, s.Slowest[1].Duration, 10*time.Millisecond)
	require.Equal(t, "threadpool-1", s.Slowest[0].Worker)
	for i := 1; i < len(s.Slowest); i++ {
		require.LessOrEqual(t, s.Slowest[i].Duration, s.Slowest[i-1].Duration)
	}
	require.GreaterOrEqual(t, s.Workers[0].Startup, 20*time.Millisecond, "the initializer's time is the worker's start")
	require.GreaterOrEqual(t, s.Workers[0].Busy, 40*time.Millisecond, "busy time comes from the timed calls")
}
