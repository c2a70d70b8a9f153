package shared_test

import (
	"testing"

	"github.com/gocurrent/futures/shared"
)

// In-process costs of the shared objects; the cross-process figures
// beside Python are in the bench module (BenchmarkSharedValue,
// BenchmarkSharedDict).

func BenchmarkValue(b *testing.B) {
	b.Run("NewValue+Close", func(b *testing.B) {
		for b.Loop() {
			v, err := shared.NewValue(int64(0))
			if err != nil {
				b.Fatal(err)
			}
			_ = v.Close()
		}
	})
	v, _ := shared.NewValue(int64(0))
	defer v.Close()
	b.Run("Load", func(b *testing.B) {
		for b.Loop() {
			v.Load()
		}
	})
	b.Run("Update", func(b *testing.B) {
		for b.Loop() {
			v.Update(func(x int64) int64 { return x + 1 })
		}
	})
	b.Run("Add", func(b *testing.B) {
		for b.Loop() {
			shared.Add(v, 1)
		}
	})
	big, _ := shared.NewValue([8]int64{})
	defer big.Close()
	b.Run("Update-64-bytes", func(b *testing.B) {
		for b.Loop() {
			big.Update(func(x [8]int64) [8]int64 { x[0]++; return x })
		}
	})
}

func BenchmarkMutex(b *testing.B) {
	m, _ := shared.NewMutex()
	defer m.Close()
	for b.Loop() {
		m.Lock()
		m.Unlock()
	}
}

func BenchmarkArray(b *testing.B) {
	a, _ := shared.NewArray(make([]int32, 10))
	defer a.Close()
	b.Run("Store", func(b *testing.B) {
		for b.Loop() {
			a.Store(3, 1)
		}
	})
	b.Run("Update-10", func(b *testing.B) {
		for b.Loop() {
			a.Update(func(xs []int32) { xs[0]++ })
		}
	})
}

func BenchmarkDictInProcess(b *testing.B) {
	m, _ := shared.NewManager()
	defer m.Close()
	d, _ := shared.NewDict[string, int](m)
	for b.Loop() {
		_ = d.Set("k", 1)
		_, _, _ = d.Get("k")
	}
}
