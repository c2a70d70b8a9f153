package bench

import "sync"

// ChannelPool is the pool most Go programs write by hand, and the baseline
// of both workloads: it starts workers goroutines that range over a
// channel of indices, each storing in[i]*2 into out[i], and waits for them
// with a sync.WaitGroup. It costs a few allocations per call, none per
// item. out must be at least as long as in.
//
// buffer is the channel's capacity. The common form, and the one the
// performance targets compare against, is unbuffered (0): every send
// waits for a worker. A buffer of a thousand lets the sender run ahead
// and the workers rarely sleep, the fastest form of this pool.
func ChannelPool(in, out []int, workers, buffer int) {
	jobs := make(chan int, buffer)
	var wg sync.WaitGroup
	wg.Add(workers)
	for range workers {
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = in[i] * 2
			}
		}()
	}
	for i := range in {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// ChannelBuffer is the capacity of the buffered variant of ChannelPool in
// the benchmarks.
const ChannelBuffer = 1024
