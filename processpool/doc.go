// Package processpool runs Go functions in worker processes, as Python's
// concurrent.futures.ProcessPoolExecutor and multiprocessing.Pool do: for
// CPU-bound work that should not share a heap or a garbage collector with
// the program, and for work that may crash (a worker that dies fails its
// own task, never the pool).
//
// A *Pool is an executor.Executor, so everything in package executor works
// on it unchanged: executor.Submit, SubmitContext, Apply, Map (in chunks,
// one message per chunk), MapAll, MapAsync, MapUnordered, MapSeq, and the
// callback chains of package callback.
//
// # Rules
//
// Workers are this program's own executable, started again in worker
// mode, so:
//
//   - Call Main as the first statement of main(), and of TestMain in a
//     package whose tests use a pool. In a worker it serves and exits; New
//     fails with ErrNoMain in a program that did not call it.
//   - Register every function a pool runs with Register, at package
//     initialisation (an init function or a package-level var), in a
//     package both processes import. Workers find functions by name:
//     closures and method values cannot run, and Submit says how to fix it.
//   - Arguments and results cross the boundary with encoding/gob: exported
//     struct fields, no channels or functions, interface values only of
//     types registered with gob.Register, no cycles, at most
//     100,000 levels deep. An argument that cannot be encoded fails at
//     Submit (ErrEncoding); a result that cannot fails its own task. A
//     type with a field gob would silently drop (unexported, or a channel)
//     fails at Submit, naming the field, unless it encodes itself
//     (GobEncode, MarshalBinary).
//   - Always Shutdown a pool: Shutdown(true) returns once every worker has
//     exited and been reaped, leaving no process, goroutine or file
//     descriptor behind. Shutdown(false) and then returning from main
//     drops the queued work: Python waits for it at exit, Go does not.
//   - Workers are new processes, never forks: package-level state the
//     parent changed after it started (a flag, a cache, a connection) is
//     not in the workers; each runs its own initialisation, then
//     WithInitializer.
//   - Done callbacks of a pool's futures run concurrently, on the
//     goroutines that receive the workers' results (the reader, or the
//     goroutine waiting in Result that read the answer itself); Python's
//     Pool runs callback=results.append one at a time, Go needs a mutex
//     for it. A callback run by a reader holds up its worker's answers
//     meanwhile, as one run by ProcessPoolExecutor's management thread
//     holds up all of them: a callback that waits for another call of
//     the same pool may wait for ever (with one worker, it does). Submit
//     such work from the callback without waiting for it, or chain it
//     with package callback.
//
// # How it works
//
// Each worker has two pipes of its own (file descriptors 3 and 4 in the
// worker; its standard output and error are the parent's, so tasks may
// print). The parent writes call frames to a worker, up to 128 ahead of
// the one it runs; the worker runs them one at a time, in order, and
// writes back result frames, which one reader goroutine per worker reads
// (or, for the only call of an idle worker, the goroutine waiting for it
// in Result: see docs/processpool.md):
//
//	parent process                                 worker processes
//	+-----------------------------+                +-----------------------+
//	| Submit / Map                |                | Main()                |
//	|   |  encode args            |   call frames  |   serve: read frame,  |
//	|   v                         | =====pipe====> |   claim it, find fn   |
//	| queue --> worker's window ---------------------->   by name, run it,  |
//	|                             |                |   encode result       |
//	| reader goroutine <========================== |                       |
//	|   decode, send next calls,  |  result frames +-----------------------+
//	|   resolve futures           |  (one pair of pipes and 32 KiB of
//	+-----------------------------+   shared claim slots per worker)
//
// A call sent ahead stays pending until it starts. Each has a claim word
// in memory the parent and the worker share: the worker moves
// it from pending to running just before the call starts, and Cancel (or
// the end of the call's context, or leaving a Map) moves it from pending
// to cancelled; whoever moves it first decides, so a call reported
// cancelled never ran and a call that started cannot be cancelled. A
// future's Running and Cancel ask the word while the call is in flight.
// A worker that becomes idle takes back, the same way, calls sent ahead
// to a busier one, so no call waits behind a long one while a worker is
// free; and a worker that dies fails only the call it ran: the calls
// sent ahead to it go to another worker, still pending. (Python marks
// calls running as soon as they enter its call queue.) Frames that come
// together are written together both ways; a worker holds a result back
// for the next write only once the call's claim slot keeps a copy of it,
// which the parent reads if the worker dies first, so a finished call
// never loses its result. Map sends a whole chunk per call. While a
// chunk runs longer than 50ms, its worker also sends progress frames
// (how many of its items have ended), so that executor.WithProgress
// advances item by item rather than a chunk at a time.
//
// # Watching
//
// [Pool.Stats] (executor.StatsReporter) tells, from the parent's side,
// each worker process's pid, state, calls, busy and idle time and last
// error, the calls' durations from send to result, and the recent errors
// with the worker's stacks. Worker n of a pool named [WithName] (default
// "processpool") is "<name>-n", and a task reads that identity, with its
// pid, with executor.WorkerFrom(ctx) inside the worker process.
//
// # Failures
//
// A task's returned error arrives as an error with the same Error() text,
// found by errors.As as a *RemoteError (with the remote type and stack) and
// by errors.Is as the standard sentinels it wrapped (context.Canceled,
// io.EOF, ...; RegisterError adds yours). A panic arrives as an
// *executor.PanicError with the worker's stack; the worker survives.
//
// A worker that dies under a task (a signal, os.Exit, a fatal runtime
// error) fails only that task, with an *ExitError that errors.Is finds as
// ErrWorkerExited and whose text names the exit status; the pool starts a
// replacement and goes on. A worker killed while it starts is retried,
// with a backoff. If workers cannot start at all (a missing executable, a
// failed handshake, a failing initializer, or three workers in a row dying
// before any passed its handshake), the pool is broken: pending tasks
// fail and Submit returns ErrBrokenPool with the reason.
//
// When the context of SubmitContext (or Map's WithContext) ends, the task's
// context ends inside its worker too; a task that goes on past
// WithCancelGrace (default 5s) gets its worker killed and fails with an
// *ExitError whose Cause wraps the context's error.
//
// Workers die with the parent: Linux kills them when the parent dies
// (their parent-death signal), and on every system a worker exits when
// its pipe from the parent closes. Each worker has a process group of its
// own, so a terminal's Ctrl-C reaches only the parent, which can shut the
// pool down in order. Workers run with GOMAXPROCS=1 unless the environment
// sets GOMAXPROCS (os.Setenv before New works): a pool's parallelism is its
// number of workers.
//
// # One process
//
// Start runs one registered function in a process of its own, Python's
// multiprocessing.Process: a one-shot worker under the same rules, whose
// Process has PID, Wait (join, with the result), Done (is_alive) and Kill
// (terminate). A process that ends without a result fails Wait with an
// *ExitError whose Code is Python's exitcode (negative for a signal).
// Package shared has the Values, Arrays, Mutexes and Manager objects that
// such processes share.
//
// Pools and processes need a Unix system: New and Start return an error
// elsewhere.
package processpool
