// Package executor is the common interface of the pools of this module and
// the generic functions that run work on any of them, as Python's
// concurrent.futures.Executor and multiprocessing.Pool.
//
// # Running work
//
// [Submit] schedules one call of a function and returns its
// [future.Future]. [Map] calls a function on every element of a slice and
// yields the results in input order; [MapUnordered], [MapAsync], [MapAll],
// [MapSeq] and [Apply] are its relatives from multiprocessing.Pool. Every
// function has the shape
//
//	func(ctx context.Context, arg A) (R, error)
//
// so that one function runs unchanged on the thread pool (package
// threadpool) and on the process pool (package processpool), and so that
// cancelling ctx reaches a call that is already running.
//
// # Rules
//
//   - Always Shutdown an executor you made, usually with
//     defer e.Shutdown(true), as Python's with-statement does.
//   - Submit returns an error only for what is known at once (the executor
//     is shut down or broken, the function or argument cannot run there);
//     every other failure arrives through the future. Read every future:
//     a failed future that nobody reads hides its error, panics included.
//   - A panic in a call never takes down a pool: the call fails with a
//     [*PanicError] holding the value and stack.
//   - A future is running only while its function runs; until then Cancel
//     succeeds and the function never starts.
//   - Map hands its input to the executor in chunks (Pool.map's rule,
//     [WithChunkSize]) and makes no future per input, so a map costs a
//     few nanoseconds per item on the thread pool. Leaving the loop early,
//     a [WithTimeout] deadline or a [WithContext] context ending cancels
//     the calls not yet started.
//   - Shutdown(false) returns at once, and the queued work completes only
//     while the program runs: returning from main ends it, queued calls
//     and all. Python waits for an executor's work at exit; in Go, call
//     Shutdown(true) (or wait for the futures) before main returns.
//   - Done callbacks run in the goroutine that completes the future, and
//     futures complete concurrently: a callback that appends to a slice
//     needs a mutex, where Pool's callbacks run one at a time in its
//     result thread.
//   - Everything here is safe for concurrent use.
//
// # Python equivalents
//
//	executor.submit(fn, x)              executor.Submit(e, fn, x)
//	executor.map(fn, xs, timeout=t)     executor.Map(e, fn, xs, executor.WithTimeout(t))
//	executor.map(fn, it, buffersize=n)  executor.MapSeq(e, fn, seq, executor.WithBufferSize(n))
//	executor.shutdown(wait, cancel_futures=True)
//	                                    e.Shutdown(wait, executor.CancelPending())
//	pool.apply(fn, (x,))                executor.Apply(e, fn, x)
//	pool.map(fn, xs)                    executor.MapAll(e, fn, xs)
//	pool.map_async(fn, xs)              executor.MapAsync(e, fn, xs)
//	pool.imap_unordered(fn, xs)         executor.MapUnordered(e, fn, xs)
//	pool.terminate()                    e.Shutdown(true, executor.Terminate())
//
// # Writing an executor
//
// An [Executor] needs two methods: Execute, which takes a [Task], and
// Shutdown. An in-process executor runs a task by calling its Run method
// on a goroutine of its choice; one that runs functions elsewhere uses
// [TypedTask] and Start, Finish and Fail. The program
// examples/customexecutor in this module writes one with nothing but the
// public API.
package executor
