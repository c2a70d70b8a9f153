package shared_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/gocurrent/futures/processpool"
	"github.com/gocurrent/futures/shared"
)

func ExampleNewValue() {
	num, err := shared.NewValue(0.0) // Python's Value('d', 0.0)
	if err != nil {
		panic(err)
	}
	defer num.Close()
	arr, err := shared.NewArray([]int32{0, 1, 2, 3})
	if err != nil {
		panic(err)
	}
	defer arr.Close()
	// negate (registered) stores 3.1415927 and negates the array, in a
	// process of its own.
	p, err := processpool.Start(negate, pair{num, arr})
	if err != nil {
		panic(err)
	}
	if _, err := p.Wait(); err != nil {
		panic(err)
	}
	fmt.Println(num.Load(), arr.Snapshot())
	// Output: 3.1415927 [0 -1 -2 -3]
}

func ExampleValue_Update() {
	v, err := shared.NewValue(int64(0))
	if err != nil {
		panic(err)
	}
	defer v.Close()
	// addN (registered) runs v.Update(+1) n times; two processes at once
	// lose no update.
	p1, _ := processpool.Start(addN, counter{v, 1000})
	p2, _ := processpool.Start(addN, counter{v, 1000})
	_, _ = p1.Wait()
	_, _ = p2.Wait()
	fmt.Println(v.Load())
	// Output: 2000
}

func ExampleAdd() {
	v, err := shared.NewValue(uint32(10))
	if err != nil {
		panic(err)
	}
	defer v.Close()
	fmt.Println(shared.Add(v, 5))
	// Output: 15
}

func ExampleNewValue_rejected() {
	type record struct {
		ID   int
		Name string
	}
	_, err := shared.NewValue(record{})
	fmt.Println(err)
	// Output: shared: a shared_test.record cannot be shared between processes: shared_test.record.Name is a string, which holds a pointer
}

func ExampleNewMutex() {
	m, err := shared.NewMutex()
	if err != nil {
		panic(err)
	}
	defer m.Close()
	// dieHolding (registered) locks m and kills its own process.
	p, _ := processpool.Start(dieHolding, m)
	_, err = p.Wait()
	fmt.Println(err != nil)
	m.Lock() // the dead holder does not keep it
	fmt.Println("locked")
	m.Unlock()
	// Output:
	// true
	// locked
}

func ExampleNewManager() {
	m, err := shared.NewManager()
	if err != nil {
		panic(err)
	}
	defer m.Close()
	d, _ := shared.NewDict[string, int](m)
	l, _ := shared.NewList[int](m)
	// fillDict (registered) appends 0..2 to l and sets d["pid"] from a
	// process of its own, through proxies that travelled in its argument.
	p, _ := processpool.Start(fillDict, dictList{D: d, L: l, N: 3})
	if _, err := p.Wait(); err != nil {
		panic(err)
	}
	xs, _ := l.Snapshot()
	pid, _, _ := d.Get("pid")
	fmt.Println(xs, pid == p.PID())
	// Output: [0 1 2] true
}

func ExampleAddKey() {
	m, err := shared.NewManager()
	if err != nil {
		panic(err)
	}
	defer m.Close()
	words, _ := shared.NewDict[string, int](m)
	for _, w := range []string{"a", "b", "a"} {
		_, _ = shared.AddKey(words, w, 1) // d[w] += 1, atomic in the manager
	}
	counts, _ := words.Snapshot()
	fmt.Println(counts)
	// Output: map[a:2 b:1]
}

func ExampleNewQueue() {
	m, err := shared.NewManager()
	if err != nil {
		panic(err)
	}
	defer m.Close()
	q, _ := shared.NewQueue[int](m, 10)
	ctx := context.Background()
	// produce (registered) puts 0..4 from a process of its own.
	p, _ := processpool.Start(produce, queueArg{q, 5})
	for range 5 {
		x, _ := q.Get(ctx)
		fmt.Print(x, " ")
	}
	_, _ = p.Wait()
	fmt.Println()
	// Output: 0 1 2 3 4
}

func ExampleNewArray() {
	a, err := shared.NewArray([]int32{0, 1, 2, 3, 4}) // Array('i', range(5))
	if err != nil {
		panic(err)
	}
	defer a.Close()
	a.Store(0, 5)
	a.Update(func(xs []int32) { // all or nothing, under the array's lock
		for i := range xs {
			xs[i] *= 10
		}
	})
	fmt.Println(a.Len(), a.Load(0), a.Snapshot())
	// Output: 5 50 [50 10 20 30 40]
}

func ExampleDict_CompareAndSwap() {
	m, err := shared.NewManager()
	if err != nil {
		panic(err)
	}
	defer m.Close()
	d, _ := shared.NewDict[string, string](m)
	_, _, _ = d.LoadOrStore("path", "/a")
	// Append to an entry atomically: retry until nobody changed it
	// between the Get and the swap.
	for {
		old, _, _ := d.Get("path")
		if ok, err := d.CompareAndSwap("path", old, old+"/b"); ok || err != nil {
			break
		}
	}
	v, _, _ := d.Get("path")
	fmt.Println(v)
	// Output: /a/b
}

func ExampleNewList() {
	m, err := shared.NewManager()
	if err != nil {
		panic(err)
	}
	defer m.Close()
	l, _ := shared.NewList[string](m)
	_ = l.Append("hello")
	_ = l.Append("world")
	_ = l.Set(1, "there")
	n, _ := l.Len()
	_, err = l.Get(5)
	xs, _ := l.Snapshot()
	fmt.Println(n, xs, errors.Is(err, shared.ErrOutOfRange))
	// Output: 2 [hello there] true
}
