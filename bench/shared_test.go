package bench_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/gocurrent/futures/processpool"
	"github.com/gocurrent/futures/shared"
)

// The shared-state benchmarks: what a worker process pays to change state
// that another process sees, beside bench/python/shared.py.

func init() {
	processpool.Register(sharedIncrements)
	processpool.Register(sharedAdds)
	processpool.Register(dictPairs)
}

// counterArgs is a worker's part of a contended counter: it waits for Go
// to turn 1, adds 1 to V N times, and stores the time it finished in
// End[I].
type counterArgs struct {
	V   *shared.Value[int64]
	Go  *shared.Value[int32]
	End *shared.Array[int64]
	I   int
	N   int
}

func (a counterArgs) wait() {
	for a.Go.Load() == 0 {
		runtime.Gosched()
	}
}

func sharedIncrements(_ context.Context, a counterArgs) (int, error) {
	a.wait()
	for range a.N {
		a.V.Update(func(x int64) int64 { return x + 1 })
	}
	a.End.Store(a.I, time.Now().UnixNano())
	return a.N, nil
}

func sharedAdds(_ context.Context, a counterArgs) (int, error) {
	a.wait()
	for range a.N {
		shared.Add(a.V, 1)
	}
	a.End.Store(a.I, time.Now().UnixNano())
	return a.N, nil
}

// BenchmarkSharedValue: 2 worker processes each add 1 to one
// Value[int64] b.N/2 times, at once; ns/increment is the time from the
// start signal to the last worker's end over all increments (the
// processes' start-up is not counted). Python's twin is
// Value('q') under get_lock() in bench/python/shared.py.
func BenchmarkSharedValue(b *testing.B) {
	for _, c := range []struct {
		name string
		fn   func(context.Context, counterArgs) (int, error)
	}{{"update-2procs", sharedIncrements}, {"add-2procs", sharedAdds}} {
		b.Run(c.name, func(b *testing.B) { benchCounter(b, c.fn) })
	}
}

func benchCounter(b *testing.B, fn func(context.Context, counterArgs) (int, error)) {
	v, goFlag, end := must(shared.NewValue(int64(0))), must(shared.NewValue(int32(0))), must(shared.NewArray([]int64{0, 0}))
	defer v.Close()
	defer goFlag.Close()
	defer end.Close()
	n := max(b.N/2, 1)
	var ps []*processpool.Process[int]
	for i := range 2 {
		ps = append(ps, must(processpool.Start(fn, counterArgs{V: v, Go: goFlag, End: end, I: i, N: n})))
	}
	time.Sleep(100 * time.Millisecond) // both processes reach their start line
	b.ResetTimer()
	start := time.Now().UnixNano()
	goFlag.Store(1)
	for _, p := range ps {
		if _, err := p.Wait(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if got := v.Load(); got != int64(2*n) {
		b.Fatalf("the counter is %d, want %d", got, 2*n)
	}
	last := max(end.Load(0), end.Load(1))
	b.ReportMetric(float64(last-start)/float64(2*n), "ns/increment")
	b.ReportMetric(0, "ns/op")
}

// dictArgs is a worker's loop of N Set+Get pairs on D.
type dictArgs struct {
	D *shared.Dict[string, int]
	N int
}

// dictPairs returns the nanoseconds its pairs took, measured in the
// worker (the first pair, which connects, is not counted).
func dictPairs(_ context.Context, a dictArgs) (int64, error) {
	if err := a.D.Set("warm", 0); err != nil {
		return 0, err
	}
	start := time.Now()
	for i := range a.N {
		if err := a.D.Set("k", i); err != nil {
			return 0, err
		}
		if v, _, err := a.D.Get("k"); err != nil || v != i {
			return 0, fmt.Errorf("got %d, %v; want %d", v, err, i)
		}
	}
	return time.Since(start).Nanoseconds(), nil
}

// BenchmarkSharedDict: one worker process does b.N Set+Get pairs on a
// Manager's Dict held by the benchmark's process (us/pair). Python's twin
// is a Manager().dict() proxy in bench/python/shared.py.
func BenchmarkSharedDict(b *testing.B) {
	b.Run("set-get-from-worker", func(b *testing.B) {
		m := must(shared.NewManager())
		defer m.Close()
		d := must(shared.NewDict[string, int](m))
		p := must(processpool.Start(dictPairs, dictArgs{D: d, N: b.N}))
		ns, err := p.Wait()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(ns)/1e3/float64(b.N), "us/pair")
		b.ReportMetric(0, "ns/op")
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
