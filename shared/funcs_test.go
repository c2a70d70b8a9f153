package shared_test

import (
	"context"
	"os"
	"syscall"
	"time"

	"github.com/gocurrent/futures/processpool"
	"github.com/gocurrent/futures/shared"
)

// The functions the tests run in other processes.
func init() {
	processpool.Register(addN)
	processpool.Register(addBigN)
	processpool.Register(atomicAddN)
	processpool.Register(lockedIncr)
	processpool.Register(dieInUpdate)
	processpool.Register(dieInBigUpdate)
	processpool.Register(dieHolding)
	processpool.Register(holdFor)
	processpool.Register(makeValue)
	processpool.Register(loadValue)
	processpool.Register(negate)
}

type counter struct {
	V *shared.Value[int64]
	N int
}

func addN(_ context.Context, c counter) (int64, error) {
	for range c.N {
		c.V.Update(func(x int64) int64 { return x + 1 })
	}
	return c.V.Load(), c.V.Close()
}

type big = [4]int64

type bigCounter struct {
	V *shared.Value[big]
	N int
}

func addBigN(_ context.Context, c bigCounter) (int, error) {
	for range c.N {
		c.V.Update(func(x big) big {
			for i := range x {
				x[i]++
			}
			return x
		})
	}
	return c.N, c.V.Close()
}

func atomicAddN(_ context.Context, c counter) (int64, error) {
	for range c.N {
		shared.Add(c.V, 1)
	}
	return c.V.Load(), c.V.Close()
}

type lockedArray struct {
	M *shared.Mutex
	A *shared.Array[int64]
	N int
}

// lockedIncr does a read-modify-write of a[0] that only the Mutex makes
// atomic.
func lockedIncr(_ context.Context, l lockedArray) (int, error) {
	for range l.N {
		l.M.Lock()
		x := l.A.Load(0)
		l.A.Store(0, x+1)
		l.M.Unlock()
	}
	return l.N, nil
}

func killMe() {
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	time.Sleep(time.Minute)
}

func dieInUpdate(_ context.Context, v *shared.Value[int64]) (int, error) {
	v.Update(func(x int64) int64 { killMe(); return x + 100 })
	return 0, nil
}

func dieInBigUpdate(_ context.Context, v *shared.Value[big]) (int, error) {
	v.Update(func(x big) big { killMe(); return big{-1, -1, -1, -1} })
	return 0, nil
}

func dieHolding(_ context.Context, m *shared.Mutex) (int, error) {
	m.Lock()
	killMe()
	return 0, nil
}

type hold struct {
	M *shared.Mutex
	D time.Duration
}

// holdFor locks M, says so by storing 1 in V... the test polls TryLock.
func holdFor(_ context.Context, h hold) (int, error) {
	h.M.Lock()
	time.Sleep(h.D)
	h.M.Unlock()
	return 0, nil
}

type made struct {
	V   *shared.Value[int64]
	PID int
}

// makeValue makes a Value in the worker and sends it back; the worker
// keeps its own handle open (it is the maker).
func makeValue(_ context.Context, x int64) (made, error) {
	v, err := shared.NewValue(x)
	return made{V: v, PID: os.Getpid()}, err
}

func loadValue(_ context.Context, v *shared.Value[int64]) (int64, error) {
	defer v.Close()
	return v.Load(), nil
}

type pair struct {
	N *shared.Value[float64]
	A *shared.Array[int32]
}

// negate is the tutorial's f(n, a).
func negate(_ context.Context, p pair) (int, error) {
	p.N.Store(3.1415927)
	p.A.Update(func(xs []int32) {
		for i := range xs {
			xs[i] = -xs[i]
		}
	})
	return 0, nil
}
