// Package registry is what the executors that run functions in other
// processes share: the process pool and the cluster module. It holds the
// one table of registered functions and well-known errors of a program
// (filled by processpool.Register and processpool.RegisterError, which
// stay the users' calls), the error codec (ToWire in the worker, FromWire
// in the submitter) and the error types that come out of it, RemoteError
// and ExitError, which users know as processpool.RemoteError and
// processpool.ExitError: errors cross the same way on both executors.
//
// Package processpool installs its sentinels and its typed entries here at
// initialisation (Install). Func gives every registered function a
// self-contained encoding of a task's arguments and results, one message
// each way, for transports that carry messages rather than streams; it
// uses the process pool's value layouts (internal/wire), with the user's
// values in encoding/gob except predeclared scalars.
//
// Users never see this package.
package registry
