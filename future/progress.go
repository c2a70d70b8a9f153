package future

import (
	"context"
	"iter"
	"time"
)

// AsCompletedProgress is AsCompleted that also calls progress(done, total)
// as futures complete: once with done == 0 before the first, then after
// each future becomes done and before it is yielded, so a progress bar
// (tqdm(as_completed(fs), total=len(fs)) in Python) shows it at once.
// total is the number of distinct futures. progress runs in the ranging
// goroutine; a nil progress makes it AsCompleted.
func AsCompletedProgress[F Awaitable](fs []F, timeout time.Duration, progress func(done, total int)) iter.Seq2[F, error] {
	if progress == nil {
		return AsCompleted(fs, timeout)
	}
	return func(yield func(F, error) bool) {
		total := len(dedupe(fs))
		done := 0
		progress(0, total)
		for f, err := range asCompleted(context.Background(), fs, timeout) {
			if err == nil {
				done++
				progress(done, total)
			}
			if !yield(f, err) {
				return
			}
		}
	}
}
