package callback_test

import (
	"context"
	"testing"

	"github.com/gocurrent/futures/callback"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/threadpool"
)

// BenchmarkThen measures one link of a chain: inline, and on a thread pool
// of two workers.
func BenchmarkThen(b *testing.B) {
	b.Run("inline", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			f := future.New[int]()
			g := callback.Then(f, nil, double)
			f.SetResult(1)
			if _, err := g.Result(0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("threadpool", func(b *testing.B) {
		p := threadpool.New(threadpool.WithMaxWorkers(2))
		defer p.Shutdown(true)
		b.ReportAllocs()
		fs := make([]*future.Future[int], 0, b.N)
		for range b.N {
			fs = append(fs, callback.Then(done(1), p, double))
		}
		for _, f := range fs {
			if _, err := f.Result(0); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPipeline measures one item through two stages on a thread pool
// of two workers and an inline third, against executor.Map of one stage.
func BenchmarkPipeline(b *testing.B) {
	p := threadpool.New(threadpool.WithMaxWorkers(2))
	defer p.Shutdown(true)
	b.Run("3 stages", func(b *testing.B) {
		pipe := callback.NewPipeline3(callback.NewStage(p, double), callback.NewStage(p, double), callback.NewStage(nil, double))
		b.ReportAllocs()
		for _, err := range pipe.Run(context.Background(), ints(b.N)) {
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("executor.MapSeq 1 stage", func(b *testing.B) {
		b.ReportAllocs()
		for _, err := range executor.MapSeq(p, double, ints(b.N)) {
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
