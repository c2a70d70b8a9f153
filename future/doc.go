// Package future provides [Future], the outcome of a computation that may
// not have finished yet, and [Wait] and [AsCompleted], which watch many
// futures at once. It is the Go counterpart of Python's
// concurrent.futures.Future, wait and as_completed.
//
// Most programs do not make futures: they get them from an executor, as
// executor.Submit returns a *Future[R], and only wait for them. This
// package is also all an executor needs to hand out futures of its own.
//
// # Consumers and producers
//
// A [Future] has two sides, used by different code:
//
//   - The consumer holds the future and waits for it with [Future.Result],
//     [Future.Await], [Future.Err] or [Future.DoneChan]; asks its state with
//     [Future.Done], [Future.Running] and [Future.Cancelled]; gives up on it
//     with [Future.Cancel]; and reacts to its end with
//     [Future.AddDoneCallback].
//   - The producer, an executor or a test, runs the computation. It claims
//     the future with [Future.SetRunning], and must not run the computation
//     if that returns false (the future was cancelled); it then completes
//     the future once with [Future.SetResult] or [Future.SetErr]. Consumers
//     do not call these three.
//
// A future only moves forward:
//
//	pending --SetRunning--> running --SetResult/SetErr--> finished
//	pending --SetResult/SetErr----------------------------> finished
//	pending --Cancel--> cancelled
//
// Finished and cancelled futures are done and stay as they are: a later
// SetResult or SetErr returns [ErrInvalidState] and the first outcome is
// kept, and Cancel on a running or finished future returns false.
//
// A process pool sends calls ahead to a busy worker process while their
// futures are pending. Such a future stays pending until the pool calls
// SetRunning, but the worker may start the call before the pool hears of
// it: while the call is in flight, Running and Cancel ask the pool's
// shared claim word for the call, so that Running is true and Cancel
// returns false as soon as the call started, and a call whose future was
// cancelled never runs.
//
// # Rules
//
//   - All methods are safe for concurrent use, and a future may be waited on
//     by any number of goroutines at once. Waiting costs no goroutine.
//   - Make a future with [New]. The zero Future is a valid pending future,
//     so an executor may embed a Future[T] in its own task struct and save
//     an allocation. A Future must not be copied after first use (go vet's
//     copylocks check reports copies).
//   - A timeout of zero or less means no limit, as in http.Client.Timeout;
//     unlike Python, where timeout=0 means "do not wait". To poll, call
//     [Future.Done] or select on [Future.DoneChan] with a default case.
//     Every wait that takes a timeout has a twin bounded by a
//     context.Context instead: [Future.Await] for Result and Err,
//     [WaitContext] for Wait, [AsCompletedContext] for AsCompleted.
//   - Callbacks run exactly once each, in the order they were added, in the
//     goroutine that completes the future (the one calling SetResult, SetErr
//     or Cancel), before that call returns; no callback gets a goroutine of
//     its own. A callback added to a future that is already done runs at
//     once, in the caller, before AddDoneCallback returns. A callback may
//     call any method of its future. Keep callbacks short: the completing
//     goroutine is often an executor's worker.
//   - A panicking callback is recovered and logged through log/slog, at
//     level Error, with the future's String; the remaining callbacks still
//     run and nothing is panicked again later.
//   - A future cancelled while pending is done at once: its waiters wake
//     with [ErrCancelled], DoneChan is closed, and Wait and AsCompleted count
//     it as done. (Python reports such a future to wait and as_completed
//     only once a worker has picked it up.)
//   - [ErrTimeout] also matches context.DeadlineExceeded and [ErrCancelled]
//     also matches context.Canceled under errors.Is, so code written for
//     contexts handles futures too. A future that failed and that nobody
//     reads hides its error, and with it the panic of its task.
//
// # Waiting for many futures
//
// [Wait] splits futures into done and not done once the [ReturnWhen]
// condition holds or the timeout passes; it never returns an error.
// [AsCompleted] yields each future as it becomes done, the ones already
// done first, and on timeout yields one (zero, err) pair with
// errors.Is(err, ErrTimeout) and the message "N (of M) futures
// unfinished", and stops; where Python raises TimeoutError, the loop gets
// the error as a value. Both take a []*Future[T], or a
// []Awaitable to mix value types; both ignore duplicates, start no
// goroutine, and leave nothing behind when they return or when a loop over
// AsCompleted is left early.
//
// # Python equivalents
//
//	Python concurrent.futures               package future
//	Future.result(timeout)                  Future.Result(timeout), Future.Await(ctx)
//	Future.exception(timeout)               Future.Err(timeout)
//	Future.add_done_callback(fn)            Future.AddDoneCallback(fn)
//	Future.cancel()                         Future.Cancel()
//	Future.cancelled(), running(), done()   Future.Cancelled(), Running(), Done()
//	(none)                                  Future.DoneChan(), for select
//	repr(future)                            Future.String(), Future.ID()
//	Future.set_running_or_notify_cancel()   Future.SetRunning()
//	Future.set_result(v)                    Future.SetResult(v)
//	Future.set_exception(e)                 Future.SetErr(err)
//	wait(fs, timeout, return_when)          Wait(fs, timeout, when)
//	FIRST_COMPLETED, FIRST_EXCEPTION,       FirstCompleted, FirstException,
//	ALL_COMPLETED                           AllCompleted
//	(none)                                  WaitContext(ctx, fs, when)
//	as_completed(fs, timeout)               AsCompleted(fs, timeout)
//	(none)                                  AsCompletedContext(ctx, fs)
//	CancelledError                          ErrCancelled
//	TimeoutError                            ErrTimeout
//	InvalidStateError                       ErrInvalidState
//
// # Costs
//
// A Future is one allocation (64 bytes for a Future[int]) and no
// goroutine; New, SetResult and Result together take about 50 ns. What
// most futures never use is made on first demand: the channel behind
// DoneChan if it is asked for before the future is done, and the storage
// for callbacks, Wait and AsCompleted registrations and the ID.
package future
