// Package callback chains work across executors without a goroutine per
// link, and runs many inputs through pipelines of stages.
//
// # Chains
//
// Python programs chain work with done callbacks:
//
//	future = executor.submit(get, url)
//	future.add_done_callback(lambda f: save(parse(f.result())))
//
// [future.Future.AddDoneCallback] does the same in Go. This package adds
// typed steps that each return a new future, as JavaScript promises, Java's
// CompletableFuture and Scala futures do:
//
//	got, _ := executor.Submit(threads, get, url)  // get on a thread pool
//	parsed := callback.Then(got, parsers, parse)  // parse on another executor
//	saved := callback.Then(parsed, nil, save)     // save inline
//	n, err := saved.Result(0)
//
// Each step runs on the executor it names, or inline, in the goroutine that
// completed the future before it, when the executor is nil. A step is a
// done callback of the previous future and then a task of its executor:
// it costs no goroutine, however long the chain, and a waiting chain costs
// only memory.
//
//   - [Then] maps a value (JavaScript then, thenApply, map).
//   - [Catch] recovers from an error (catch, exceptionally, recover).
//   - [Handle] maps value and error, whatever the outcome (handle, transform).
//   - [Finally] runs a clean-up step and keeps the outcome (finally, whenComplete).
//   - [Compose] runs a step that returns a future and waits for that one too
//     (thenCompose, flatMap).
//   - [All] turns a slice of futures into a future of a slice (Promise.all).
//   - [Any] gives the first success (Promise.any).
//
// # Rules
//
//   - If a future fails or is cancelled, the steps after it fail with the
//     same error (future.ErrCancelled for a cancelled one) and never run;
//     Catch, Handle and Finally are the steps that run on failure.
//   - Cancelling the last future of a chain, while it is pending, cancels
//     the futures before it that are still pending, so no step that has
//     not started will start. A step already running is not interrupted.
//     A future that feeds several chains is cancelled for all of them.
//   - A panic in a step fails that step's future with a
//     *[executor.PanicError]; the goroutine that ran it, the executor and
//     the other steps carry on. A failed future nobody reads hides its
//     panic: read the last future of every chain.
//   - If an executor refuses a step (executor.ErrShutdown), the step's
//     future fails with that error. Every future a chain makes ends.
//   - Inline steps run in whichever goroutine completes the future before
//     them: an executor's worker, or the caller when that future is already
//     done. Keep them short, and never block in them on work queued behind
//     them on the same executor.
//   - Catch, Handle, Finally and Compose run inline or on an executor of
//     this process (a thread pool): their function is handed an error, a
//     future's outcome or returns a future, which cannot cross to a worker
//     process. Given an [executor.Remote] (a process pool), they return a
//     future already failed with [ErrRemoteStep]. Then and pipeline stages
//     run on a process pool when their function is registered there.
//   - All functions are safe for concurrent use.
//
// # Pipelines
//
// A [Pipeline] runs many inputs through the same stages, each a [Stage]
// made by [NewStage] with its own executor and limit:
//
//	p := callback.NewPipeline3(
//		callback.NewStage(threads, get, callback.WithName("get")),
//		callback.NewStage(parsers, parse, callback.WithName("parse")),
//		callback.NewStage(nil, save, callback.WithName("save")),
//	)
//	for page, err := range p.Run(ctx, slices.Values(urls)) { ... }
//
// Results come in input order ([Pipeline.Run]) or as they are done
// ([Pipeline.RunUnordered]). An input that fails at one stage skips the
// later ones and is delivered with a *[StageError]; the other inputs go
// on. Inputs are read lazily, and no more than [WithBuffer] are in flight,
// so a fast stage cannot pile up work before a slow one; [WithLimit] caps
// how many items one stage holds. Leaving the loop early cancels what has
// not started and leaves no goroutine behind.
//
// Stages are typed: a Stage[A, B] turns an A into a B, and the
// constructors accept only stages whose types connect. [NewPipeline2] and
// [NewPipeline3] build the common lengths, [Append] adds stages one at a
// time for longer pipelines. Inside, items travel as values of type any
// between stages; the typed closures NewStage makes convert them back, so
// no caller ever writes a type assertion.
package callback
