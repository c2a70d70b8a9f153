package executor

import (
	"math/bits"
	"sync/atomic"
	"time"
)

// histBuckets is the number of buckets of a histogram: four per power of
// two of nanoseconds.
const histBuckets = 252

// histogram counts durations in logarithmic buckets. add is called by one
// goroutine at a time; reads are safe at any time.
type histogram struct {
	buckets [histBuckets]atomic.Int64
	max     atomic.Int64
}

// bucket returns the bucket of a duration of ns nanoseconds.
func bucket(ns int64) int {
	if ns < 4 {
		return int(max(ns, 0))
	}
	e := bits.Len64(uint64(ns)) - 1
	return 4*(e-1) + int(ns>>(e-2))&3
}

// bucketMid returns a duration in the middle of bucket i.
func bucketMid(i int) time.Duration {
	if i < 4 {
		return time.Duration(i)
	}
	e, sub := i/4+1, int64(i%4)
	width := int64(1) << (e - 2)
	return time.Duration((4+sub)*width + width/2)
}

// addN records n durations d.
func (h *histogram) addN(d time.Duration, n int64) {
	h.buckets[bucket(int64(d))].Add(n)
	for {
		m := h.max.Load()
		if int64(d) <= m || h.max.CompareAndSwap(m, int64(d)) {
			return
		}
	}
}

// merge adds o's counts to h; h must not be in use by another goroutine.
func (h *histogram) merge(o *histogram) {
	for i := range h.buckets {
		if n := o.buckets[i].Load(); n != 0 {
			h.buckets[i].Add(n)
		}
	}
	if m := o.max.Load(); m > h.max.Load() {
		h.max.Store(m)
	}
}

func (h *histogram) summary() Durations {
	var n int64
	for i := range h.buckets {
		n += h.buckets[i].Load()
	}
	d := Durations{Count: n, Max: time.Duration(h.max.Load())}
	if n == 0 {
		return d
	}
	d.P50, d.P90, d.P99 = h.quantile(n, 0.50), h.quantile(n, 0.90), h.quantile(n, 0.99)
	return d
}

// quantile returns the duration below which a fraction q of the n counts
// lie, never more than the maximum.
func (h *histogram) quantile(n int64, q float64) time.Duration {
	rank := int64(q*float64(n-1)) + 1
	var seen int64
	for i := range h.buckets {
		seen += h.buckets[i].Load()
		if seen >= rank {
			return min(bucketMid(i), time.Duration(h.max.Load()))
		}
	}
	return time.Duration(h.max.Load())
}
