package future_test

import (
	"context"
	"testing"

	"github.com/gocurrent/futures/future"
)

func BenchmarkFuture(b *testing.B) {
	b.Run("New+SetResult+Result", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			f := future.New[int]()
			_ = f.SetResult(i)
			if _, err := f.Result(0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("New+SetRunning+SetResult+Await", func(b *testing.B) {
		b.ReportAllocs()
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			f := future.New[int]()
			f.SetRunning()
			_ = f.SetResult(i)
			if _, err := f.Await(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AddDoneCallback pending", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		cb := func(*future.Future[int]) { n++ }
		for b.Loop() {
			f := future.New[int]()
			f.AddDoneCallback(cb)
			_ = f.SetResult(1)
		}
	})
	b.Run("AddDoneCallback done", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		cb := func(*future.Future[int]) { n++ }
		f := future.New[int]()
		_ = f.SetResult(1)
		for b.Loop() {
			f.AddDoneCallback(cb)
		}
	})
	b.Run("DoneChan pending", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f := future.New[int]()
			ch := f.DoneChan()
			_ = f.SetResult(1)
			<-ch
		}
	})
	b.Run("ID", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = future.New[int]().ID()
		}
	})
}

func BenchmarkWait(b *testing.B) {
	const n = 1000
	done := futures(n)
	for _, f := range done {
		_ = f.SetResult(1)
	}
	b.Run("1000 done AllCompleted", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			future.Wait(done, 0, future.AllCompleted)
		}
	})
	b.Run("1000 completed while waiting", func(b *testing.B) {
		// Wait registers a waiter on each of 1000 pending futures; the
		// completion of the last one ends it.
		b.ReportAllocs()
		for b.Loop() {
			fs := futures(n)
			last := fs[n-1]
			last.AddDoneCallback(func(*future.Future[int]) {
				for _, f := range fs[:n-1] {
					_ = f.SetResult(1)
				}
			})
			go func() { _ = last.SetResult(1) }()
			future.Wait(fs, 0, future.AllCompleted)
		}
	})
	b.Run("AsCompleted 1000 done", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for range future.AsCompleted(done, 0) {
			}
		}
	})
}

func TestAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts in -short mode are not checked")
	}
	t.Run("a future costs one allocation", func(t *testing.T) {
		allocs := testing.AllocsPerRun(100, func() {
			f := future.New[int]()
			f.SetRunning()
			_ = f.SetResult(1)
			_, _ = f.Result(0)
			_ = f.Err(0)
		})
		if allocs != 1 {
			t.Fatalf("New+SetRunning+SetResult+Result+Err: %v allocations, want 1", allocs)
		}
	})
}
