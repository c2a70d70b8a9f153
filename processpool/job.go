package processpool

import (
	"context"
	"sync/atomic"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/registry"
	"github.com/gocurrent/futures/internal/wire"
)

var (
	// errSkipped marks a call of a chunk skipped because its context ended.
	errSkipped = registry.ErrSkipped
	// errGoexit fails a call whose function called runtime.Goexit.
	errGoexit = registry.ErrGoexit
)

// job is a decoded call frame in a worker.
type job interface {
	// run performs the calls in order. If a function calls
	// runtime.Goexit, run does not return; finish reports it.
	run(ctx context.Context)
	// finish encodes the outcomes into a result frame.
	finish(e *wire.Encoder, r *wire.Result)
	// count returns the number of calls.
	count() int
}

type fnJob[A, R any] struct {
	fn      func(context.Context, A) (R, error)
	args    []A
	results []R
	errs    []error
	next    int          // the call running, or the next
	done    bool         // run returned
	discard bool         // send errors only
	ndone   atomic.Int64 // items ended, for Progress frames
}

// oneJob is a fnJob of one call with its slices.
type oneJob[A, R any] struct {
	fnJob[A, R]
	arg    [1]A
	result [1]R
	err    [1]error
}

func (j *fnJob[A, R]) ended() int { return int(j.ndone.Load()) }

func (j *fnJob[A, R]) count() int { return len(j.args) }

func (j *fnJob[A, R]) run(ctx context.Context) {
	for ; j.next < len(j.args); j.next++ {
		if len(j.args) > 1 && ctx.Err() != nil {
			j.errs[j.next] = errSkipped
			continue
		}
		j.results[j.next], j.errs[j.next] = executor.Invoke(ctx, j.fn, j.args[j.next])
		j.ndone.Store(int64(j.next + 1))
	}
	j.done = true
}

func (j *fnJob[A, R]) finish(e *wire.Encoder, r *wire.Result) {
	if !j.done {
		for ; j.next < len(j.args); j.next++ {
			j.errs[j.next] = errGoexit
		}
	}
	stacks := 0
	var zero R
	for i, err := range j.errs {
		if err != nil {
			r.Errs = append(r.Errs, toWire(i, err, &stacks))
			j.results[i] = zero
		}
	}
	if j.discard {
		r.Values = wire.Layout{Absent: []int{0}}
		return
	}
	l, bad := wire.EncodeValues(e, j.results)
	for i := range j.results {
		if len(bad) == 0 {
			break // every result encoded; the common case, with no lookups
		}
		if err := bad[i]; err != nil {
			r.Errs = append(r.Errs, wire.Error{Item: i, Kind: wire.ErrEncode, Msg: err.Error()})
		}
	}
	r.Values = l
}
