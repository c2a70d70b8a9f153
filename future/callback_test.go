package future_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/future"
)

// completions are the three ways a producer or consumer ends a future.
var completions = map[string]func(*future.Future[int]){
	"SetResult": func(f *future.Future[int]) { _ = f.SetResult(1) },
	"SetErr":    func(f *future.Future[int]) { _ = f.SetErr(errBoom) },
	"Cancel":    func(f *future.Future[int]) { f.Cancel() },
}

func TestCallbacks(t *testing.T) {
	for name, complete := range completions {
		t.Run("completed by "+name, func(t *testing.T) {
			t.Run("exactly once, in the order added", func(t *testing.T) {
				f := future.New[int]()
				var order []int
				for i := range 5 {
					f.AddDoneCallback(func(got *future.Future[int]) {
						require.Same(t, f, got)
						order = append(order, i)
					})
				}
				require.Empty(t, order, "ran before the future was done")
				complete(f)
				require.Equal(t, []int{0, 1, 2, 3, 4}, order)
				for _, again := range completions {
					again(f)
				}
				require.Equal(t, []int{0, 1, 2, 3, 4}, order, "ran again")
			})
			t.Run("in the completing goroutine", func(t *testing.T) {
				f := future.New[int]()
				var ran []uint64
				for range 3 {
					f.AddDoneCallback(func(*future.Future[int]) { ran = append(ran, goid()) })
				}
				completer := make(chan uint64)
				go func() {
					id := goid()
					complete(f)
					completer <- id
				}()
				id := <-completer
				require.NotEqual(t, goid(), id)
				require.Equal(t, []uint64{id, id, id}, ran)
			})
		})
	}
	t.Run("added to a done future runs at once in the caller", func(t *testing.T) {
		f := future.New[int]()
		require.NoError(t, f.SetResult(1))
		var ran []uint64
		f.AddDoneCallback(func(*future.Future[int]) { ran = append(ran, goid()) })
		require.Equal(t, []uint64{goid()}, ran)
	})
	t.Run("added from a callback runs at once", func(t *testing.T) {
		f := future.New[int]()
		var order []string
		f.AddDoneCallback(func(f *future.Future[int]) {
			order = append(order, "outer")
			f.AddDoneCallback(func(*future.Future[int]) { order = append(order, "inner") })
			order = append(order, "outer returns")
		})
		f.AddDoneCallback(func(*future.Future[int]) { order = append(order, "second") })
		require.NoError(t, f.SetResult(1))
		require.Equal(t, []string{"outer", "inner", "outer returns", "second"}, order)
	})
	t.Run("added concurrently with completion, each runs once", func(t *testing.T) {
		const n = 100
		f := future.New[int]()
		var mu sync.Mutex
		count := map[int]int{}
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				f.AddDoneCallback(func(*future.Future[int]) {
					mu.Lock()
					count[i]++
					mu.Unlock()
				})
			})
		}
		completed := make(chan struct{})
		go func() {
			defer close(completed)
			_ = f.SetResult(1)
		}()
		wg.Wait()
		// Callbacks added before completion have run once SetResult
		// returned, those added after once AddDoneCallback returned.
		<-completed
		mu.Lock()
		defer mu.Unlock()
		require.Len(t, count, n)
		for i, c := range count {
			require.Equal(t, 1, c, "callback %d", i)
		}
	})
}

func TestCallbackPanics(t *testing.T) {
	t.Run("recovered, logged with String, the rest still run", func(t *testing.T) {
		logs := captureLog(t)
		f := future.New[int]()
		var ran []string
		f.AddDoneCallback(func(*future.Future[int]) { ran = append(ran, "first") })
		f.AddDoneCallback(func(*future.Future[int]) { panic("callback bug") })
		f.AddDoneCallback(func(*future.Future[int]) { ran = append(ran, "third") })
		require.NotPanics(t, func() { require.NoError(t, f.SetResult(1)) })
		require.Equal(t, []string{"first", "third"}, ran)
		recs := logs.records(t)
		require.Len(t, recs, 1)
		require.Equal(t, "ERROR", recs[0]["level"])
		require.Equal(t, f.String(), recs[0]["future"])
		require.Contains(t, fmt.Sprint(recs[0]["panic"]), "callback bug")
	})
	t.Run("on a done future, AddDoneCallback returns normally", func(t *testing.T) {
		logs := captureLog(t)
		f := future.New[int]()
		require.True(t, f.Cancel())
		require.NotPanics(t, func() {
			f.AddDoneCallback(func(*future.Future[int]) { panic(errBoom) })
		})
		recs := logs.records(t)
		require.Len(t, recs, 1)
		require.Equal(t, f.String(), recs[0]["future"])
		require.Contains(t, recs[0]["future"], "state=cancelled")
	})
	t.Run("each panicking callback is logged", func(t *testing.T) {
		logs := captureLog(t)
		f := future.New[int]()
		for i := range 3 {
			f.AddDoneCallback(func(*future.Future[int]) { panic(i) })
		}
		require.NoError(t, f.SetErr(errBoom))
		require.Len(t, logs.records(t), 3)
	})
}

func TestCallbackReentry(t *testing.T) {
	// A callback that uses its own future must not deadlock: callbacks run
	// after the future's lock is released.
	f := future.New[int]()
	type seen struct {
		v         int
		err       error
		str       string
		nestedRan bool
		setErr    error
		cancelled bool
		doneChan  bool
	}
	got := make(chan seen, 1)
	f.AddDoneCallback(func(f *future.Future[int]) {
		var s seen
		s.v, s.err = f.Result(0)
		s.str = f.String()
		f.ID()
		f.AddDoneCallback(func(*future.Future[int]) { s.nestedRan = true })
		s.setErr = f.SetResult(2)
		s.cancelled = f.Cancel()
		s.doneChan = isClosed(f.DoneChan())
		_ = f.Err(0)
		got <- s
	})
	within(t, "SetResult", func() { _ = f.SetResult(1) })
	s := <-got
	require.Equal(t, 1, s.v)
	require.NoError(t, s.err)
	require.Contains(t, s.str, "state=finished returned int")
	require.True(t, s.nestedRan)
	require.ErrorIs(t, s.setErr, future.ErrInvalidState)
	require.False(t, s.cancelled)
	require.True(t, s.doneChan)
}
