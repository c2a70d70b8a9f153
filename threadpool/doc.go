// Package threadpool runs tasks on a bounded set of goroutines: Python's
// concurrent.futures.ThreadPoolExecutor, for Go.
//
// A [Pool] is an [executor.Executor]: submit work with executor.Submit,
// executor.Map and their relatives, and always Shutdown the pool:
//
//	pool := threadpool.New(threadpool.WithMaxWorkers(8))
//	defer pool.Shutdown(true)
//	f, err := executor.Submit(pool, fetch, url)
//
// # Behaviour
//
//   - Workers start lazily, one per task while no worker is idle, never
//     more than [WithMaxWorkers] (default min(32, GOMAXPROCS+4), as in
//     Python); idle workers are reused and stay until Shutdown.
//   - The queue is unbounded unless [WithQueueSize] bounds it; then Submit
//     blocks while it is full and SubmitContext gives up when its context
//     ends.
//   - [WithInitializer] runs once in each worker before its first task. If
//     it fails, the pool is broken: tasks not started fail with
//     [ErrBrokenPool], Submit returns it, and the failure is logged.
//   - A panic in a task fails its future with an *executor.PanicError;
//     the worker goes on. A task that calls runtime.Goexit fails too, and
//     its worker is replaced.
//   - Workers carry pprof labels (threadpool=[WithName], worker=N), so
//     profiles show whose work a goroutine does, and a task reads its
//     worker ("<name>-N") with executor.WorkerFrom(ctx).
//   - [Pool.Stats] (the executor.StatsReporter interface) tells the calls
//     queued, running, done, failed and cancelled, each worker's state,
//     calls, busy and idle time and last error, call durations and the
//     recent errors with their stacks; package dashboard shows them live.
//     They are on unless [WithStats](false).
//   - Shutdown(true) waits for queued and running tasks and for every
//     worker to exit; Shutdown(false) returns at once while the queue
//     drains; executor.CancelPending cancels the queue instead.
//
// # Cost
//
// A Submit is one 64-byte allocation (the future and its task together,
// for small argument and result types) and about 110 ns per task through
// Submit and Result on two workers, below a hand-rolled channel pool in
// the same run; executor.Map costs about 10 ns per item. bench/ and
// docs/benchmarks.md have the figures and the comparison with other pools.
package threadpool
