package processpool

import "github.com/gocurrent/futures/executor"

var _ executor.Remote = (*Pool)(nil)

// CanRun returns nil if fn is a function registered with Register, else
// an error wrapping ErrNotRegistered that says how to register it. It is
// what Submit checks first; callback uses it to refuse at once the steps
// a worker process could never run.
func (p *Pool) CanRun(fn any) error {
	_, err := lookup(fn)
	return err
}
