package future

import (
	"context"
	"fmt"
	"iter"
	"time"
)

// AsCompleted yields every future of fs once, duplicates left out, as it
// becomes done: those already done when the iteration starts first, in the
// order of fs, then the rest in the order they complete. The error of each
// pair is nil; read the future itself for its outcome. If timeout (zero or
// less: no limit, counted from the start of the iteration) passes first,
// AsCompleted yields (zero, err) with errors.Is(err, ErrTimeout) and a
// message "N (of M) futures unfinished", and stops. It is Python's
// concurrent.futures.as_completed; it starts no goroutine, and leaving the
// loop early releases everything it holds.
func AsCompleted[F Awaitable](fs []F, timeout time.Duration) iter.Seq2[F, error] {
	return asCompleted(context.Background(), fs, timeout)
}

// AsCompletedContext is AsCompleted bounded by ctx instead of a timeout:
// when ctx ends it yields (zero, err) with errors.Is(err, ctx.Err()) and
// the message "N (of M) futures unfinished", and stops.
func AsCompletedContext[F Awaitable](ctx context.Context, fs []F) iter.Seq2[F, error] {
	return asCompleted(ctx, fs, 0)
}

func asCompleted[F Awaitable](ctx context.Context, fs []F, timeout time.Duration) iter.Seq2[F, error] {
	return func(yield func(F, error) bool) {
		end := deadline(timeout)
		fs := dedupe(fs)
		left := len(fs)
		stopped := false
		err := watch(ctx, fs, end, func(f F) bool {
			left--
			stopped = !yield(f, nil)
			return stopped
		})
		if err != nil {
			var zero F
			yield(zero, fmt.Errorf("%w: %d (of %d) futures unfinished", err, left, len(fs)))
		}
	}
}
