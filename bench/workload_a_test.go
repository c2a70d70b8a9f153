package bench_test

import (
	"sync"
	"testing"
	"time"

	"github.com/alitto/pond/v2"
	"github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"

	"github.com/gocurrent/futures/bench"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

// subjectA is one way to run workload A: create the executor, run
// bench.Tasks tasks returning i*2, put every result in out, shut down.
type subjectA struct {
	name      string
	run       func(tb testing.TB, out []int)
	unordered bool // out holds the results in completion order
}

var subjectsA = []subjectA{
	{name: "threadpool", run: aThreadpool},
	{name: "channel-pool", run: aChannelPool},
	{name: "channel-pool-buffered", run: aChannelPoolBuffered},
	{name: "pond-group", run: aPondGroup},
	{name: "pond-future", run: aPondFuture},
	{name: "conc-pool", run: aConcPool, unordered: true},
	{name: "errgroup", run: aErrgroup},
	{name: "ants", run: aAnts},
	{name: "goroutine-per-task", run: aGoroutines},
}

// BenchmarkWorkloadA is workload A of the performance targets for every
// subject, reported per task.
func BenchmarkWorkloadA(b *testing.B) {
	for _, s := range subjectsA {
		b.Run(s.name, func(b *testing.B) {
			out := make([]int, bench.Tasks)
			perItem(b, "task", bench.Tasks, func() { s.run(b, out) })
			requireDoubled(b, out, !s.unordered)
		})
	}
}

// aThreadpool submits every task, then collects every future.
func aThreadpool(tb testing.TB, out []int) {
	p := threadpool.New(threadpool.WithMaxWorkers(bench.Workers))
	futs := make([]*future.Future[int], len(out))
	for i := range futs {
		f, err := executor.Submit(p, bench.Double, i)
		if err != nil {
			tb.Fatal(err)
		}
		futs[i] = f
	}
	for i, f := range futs {
		v, err := f.Result(0)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = v
	}
	if err := p.Shutdown(true); err != nil {
		tb.Fatal(err)
	}
}

func aChannelPool(_ testing.TB, out []int) {
	bench.ChannelPool(indices, out, bench.Workers, 0)
}

func aChannelPoolBuffered(_ testing.TB, out []int) {
	bench.ChannelPool(indices, out, bench.Workers, bench.ChannelBuffer)
}

// indices is the input of the subjects that take one.
var indices = bench.Indices(bench.Tasks)

func aPondGroup(tb testing.TB, out []int) {
	p := pond.NewResultPool[int](bench.Workers)
	g := p.NewGroup()
	for i := range out {
		g.Submit(func() int { return i * 2 })
	}
	res, err := g.Wait()
	if err != nil {
		tb.Fatal(err)
	}
	copy(out, res)
	p.StopAndWait()
}

func aPondFuture(tb testing.TB, out []int) {
	p := pond.NewResultPool[int](bench.Workers)
	futs := make([]pond.ResultTask[int], len(out))
	for i := range futs {
		futs[i] = p.Submit(func() int { return i * 2 })
	}
	for i, f := range futs {
		v, err := f.Wait()
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = v
	}
	p.StopAndWait()
}

func aConcPool(_ testing.TB, out []int) {
	p := pool.NewWithResults[int]().WithMaxGoroutines(bench.Workers)
	for i := range out {
		p.Go(func() int { return i * 2 })
	}
	copy(out, p.Wait())
}

func aErrgroup(tb testing.TB, out []int) {
	var g errgroup.Group
	g.SetLimit(bench.Workers)
	for i := range out {
		g.Go(func() error {
			out[i] = i * 2
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		tb.Fatal(err)
	}
}

func aAnts(tb testing.TB, out []int) {
	p, err := ants.NewPool(bench.Workers)
	if err != nil {
		tb.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(len(out))
	for i := range out {
		err := p.Submit(func() {
			out[i] = i * 2
			wg.Done()
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	wg.Wait()
	if err := p.ReleaseTimeout(10 * time.Second); err != nil {
		tb.Fatal(err)
	}
}

func aGoroutines(_ testing.TB, out []int) {
	var wg sync.WaitGroup
	wg.Add(len(out))
	for i := range out {
		go func() {
			out[i] = i * 2
			wg.Done()
		}()
	}
	wg.Wait()
}
