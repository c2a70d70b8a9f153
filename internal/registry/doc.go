// Package registry is the seam between the process pool's registry of
// functions and errors and the other executors that run registered
// functions elsewhere (the cluster module). It holds nothing of its own:
// package processpool installs its lookups and its error codec here at
// initialisation, and Func gives every registered function a
// self-contained encoding of a task's arguments and results, one message
// each way, for transports that carry messages rather than streams.
//
// Users never see this package: they call processpool.Register, and the
// errors that cross are processpool's (*processpool.RemoteError,
// *executor.PanicError), built by processpool's own code.
package registry
