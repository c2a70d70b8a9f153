// Package bench measures the futures library against the Go pools people
// use instead of it, and against Python's concurrent.futures, on the
// workloads of the project's performance targets. It is its own module so
// that the competitors it imports (ants, pond, conc, errgroup) stay out of
// the library's go.mod.
//
// # Workloads
//
// Every subject gets 2 workers, and GOMAXPROCS is 2.
//
//   - Workload A (BenchmarkWorkloadA): create the executor, submit
//     [Tasks] trivial tasks (return i*2), collect every result, shut down.
//     Reported per task: ns/task, allocs/task and B/task. The subjects are
//     the thread pool (executor.Submit for every task, then Future.Result
//     for every future), [ChannelPool] unbuffered and buffered, pond v2 (a
//     result group, and one future per task), conc/pool, errgroup with
//     SetLimit, ants, and one goroutine per task.
//   - Workload B (BenchmarkWorkloadB): an ordered map of x*2 over [Tasks]
//     ints. Reported per item: ns/item, allocs/item and B/item. The
//     subjects are executor.Map on the thread pool (the pool made once, and
//     made and shut down in every run), executor.MapAll, conc/iter's
//     Mapper.Map and [ChannelPool].
//   - BenchmarkPendingFuture: the heap held by each of a million futures
//     queued behind a blocked single worker (B/future).
//   - BenchmarkLifecycle: New and Shutdown of an empty pool, and of a pool
//     that ran one task.
//   - BenchmarkSharedValue: 2 worker processes (processpool.Start) each
//     add 1 to one shared.Value[int64], with Update and with the lock-free
//     shared.Add, started together (ns/increment, process start-up not
//     counted). BenchmarkSharedDict: one worker process does Set+Get pairs
//     on a shared.Dict held by the benchmark's process (us/pair). Their
//     Python twins are in bench/python/shared.py.
//   - BenchmarkProcessPool: the process pool (2 workers, double) beside
//     its bare baseline, children re-executed from the benchmark binary
//     that decode gob requests from one pipe and answer on another (no
//     pool, no futures). roundtrip alternates one bare round trip and
//     one Submit+Result (medians and p90 of each, and x-bare, the ratio
//     of the medians); roundtrip-handoff rotates those two with a bare
//     round trip whose reply a reader goroutine hands over on a
//     channel, which slows the other two as well, hence a rotation of
//     its own (the same figures, and the hand-over's); roundtrip-wakes
//     runs each kind of round trip in blocks, back to back, and reports
//     their medians (and x-bare) and the threads each kind puts to
//     sleep and wakes, in the parent and in the answering child
//     (voluntary context switches per round trip, one worker: a figure
//     the machine's noise hardly moves); submit20k alternates 20,000
//     requests pipelined to 2 bare children with 20,000 Submits then
//     their results (both rates and x-bare); map100k is executor.Map
//     over 100k ints in Pool.map's chunks (items/s); startup is New,
//     the first result and Shutdown (ms). The report sets map100k and
//     startup beside bench/python/processpool.py.
//   - BenchmarkLargeValue: a 256 MiB []byte to one worker and one back
//     (GB/s each way), with the worker's peak resident growth while
//     receiving and sending and the parent's allocations for a round
//     trip, each in payloads.
//
// # Running
//
// From the repository root, bench/run runs everything (Go with -count 6,
// summarised by benchstat, the process-pool benchmarks where they exist,
// then the Python scripts under bench/python) and writes
// docs/benchmarks.md with cmd/benchreport. BENCH_COUNT=1 bench/run is a
// quick run. A smoke check of the benchmarks alone:
//
//	cd bench && go test -run '^$' -bench . -benchtime 1x ./...
//
// Machines are often shared and noisy: compare the ratios measured side by
// side in one run, never absolute times across runs.
package bench
