// Package registry is the one table of registered functions and errors
// of a program, shared by the executors that run functions in other
// processes: the process pool and the cluster module.
//
// Package processpool fills the table (processpool.Register and
// processpool.RegisterError stay the users' calls) and installs its error
// codec here at initialisation, so that the errors that cross are the
// process pool's (*processpool.RemoteError, *executor.PanicError) on both
// executors. Func gives every registered function a self-contained
// encoding of a task's arguments and results, one message each way, for
// transports that carry messages rather than streams; it uses the same
// value layouts as the process pool's frames (internal/wire), with the
// user's values in encoding/gob except predeclared scalars.
//
// Users never see this package.
package registry
