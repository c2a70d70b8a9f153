// Package cluster is the executor of package executor on more than one
// machine, on NATS JetStream: Python's Dask Client.get_executor(), with
// the futures, Map, callback chains, Wait and AsCompleted of this
// repository unchanged.
//
// It is a module of its own, so that the core module keeps no dependency
// beyond uuid.
//
// # Rules
//
//   - Call Main as the first statement of main(), and of TestMain in a
//     package whose tests use an Executor with local workers. It includes
//     processpool.Main.
//   - Register every function with processpool.Register, at package
//     initialisation, in a package that both the submitting program and
//     the workers import: the same registry, codec and errors as the
//     process pool. An unregistered function or an argument that cannot
//     be encoded fails at Submit.
//   - Always Shutdown an Executor. Shutdown(true) returns once every
//     result is in, the local workers have exited and an embedded server
//     is stopped with its store removed.
//
// # Without a server
//
// New with no WithURL starts an embedded JetStream server on 127.0.0.1
// (a random port, file storage in a temporary directory) and
// runtime.NumCPU() local workers (this program started again): one command
// runs everything on one machine. With WithURL it connects to a real
// nats-server and starts local workers only if WithWorkers asks; workers
// on other machines run Serve.
//
// # How a task travels
//
//	submitter (Executor)             JetStream                     worker (Serve)
//	  Execute ── publish, PubAck ──▶ stream FUTURES_<queue> ──────▶ fetch (free slots + prefetch)
//	                                 (work queue, file storage)       │ a call slot is free
//	  owner  ◀──────────── claim (batched per executor) ───────────── ┤
//	    Start(i) or "drop" ─────────────────────────────────────────▶ run, heartbeat (InProgress)
//	  owner  ◀──────────── result (batched) ────────────────────────── ┤
//	    Finish / Fail ──── answer ──────────────────────────────────▶ ack the message
//
// The executor that submitted a task owns it: a worker asks it before it
// starts the task (the claim), and the executor starts the future's calls
// then, or answers "drop" if the future was cancelled meanwhile. So a
// future is running only once a worker has started it, and a pending
// future that is cancelled never runs, on any machine. While a call runs
// its worker tells JetStream it is in progress, so the task is not given
// to another worker; the executor pings the workers that hold its running
// tasks.
//
// # Failures
//
//   - A worker that dies or loses its connection under a call: the
//     executor finds it silent for WithLostAfter (3s) and fails the call
//     with ErrWorkerLost, or runs it again elsewhere with WithRetries. The
//     tasks it took ahead (WithPrefetch; none by default) go back to the
//     queue after WithAckWait (5s); the others never left it. A local
//     worker that exits is started again.
//   - The server restarts: tasks are in its file store; connections
//     reconnect, workers re-send their claims and results, the executor
//     re-publishes what the server did not acknowledge (deduplicated by
//     message ID). No task is lost and every future ends.
//   - The submitter dies: its workers' claims and results find nobody
//     listening; after WithLostAfter they drop its tasks unrun and cancel
//     the contexts of its running calls.
//   - A cancelled SubmitContext context while the call runs: the worker
//     cancels the function's ctx; a function that ignores it past
//     WithCancelGrace fails its future with ErrCancelIgnored, and a local
//     worker running it is replaced.
//
// # Python equivalents
//
//	Client(LocalCluster(...)).get_executor()   cluster.New()
//	Client("tcp://scheduler:8786")             cluster.New(cluster.WithURL("nats://host:4222"))
//	dask-worker tcp://scheduler:8786           cluster.Serve(ctx, "nats://host:4222")
//	executor.submit(fn, x)                     executor.Submit(e, fn, x)
//	executor.map(fn, xs)                       executor.Map(e, fn, xs)
//	executor.shutdown(wait=True)               e.Shutdown(true)
//
// Unlike Dask's, a pending future's Cancel is certain (the task never
// runs), a running call sees its context cancelled, and the futures work
// with future.Wait and future.AsCompleted.
package cluster
