package shared

import (
	"errors"
	"fmt"

	"github.com/gocurrent/futures/processpool"
)

var (
	// ErrClosed is the error of a Manager's objects once the Manager is
	// closed, or its process is gone, and of a second Close of anything
	// in this package.
	ErrClosed = errors.New("shared: closed")

	// ErrUnsupported is the error of the constructors on a system without
	// anonymous shared memory files and abstract sockets (anything but
	// Linux).
	ErrUnsupported = errors.New("shared: not supported on this system (it needs Linux)")

	// ErrOutOfRange is the error of a List's Get and Set at an index
	// outside the list (Python's IndexError).
	ErrOutOfRange = errors.New("shared: index out of range")

	errUnsupported = ErrUnsupported
)

// TypeError is the error of NewValue and NewArray for a type whose values
// hold pointers (a string, slice, map, interface, pointer, channel or
// function, or a uintptr), anywhere inside: they mean nothing in another
// process.
type TypeError struct {
	Type string // the type given, as %T prints it
	Path string // where in it the offending part is: "main.Point.Name"
	Kind string // the offending part's kind: "string", "slice", ...
}

var _ error = (*TypeError)(nil)

// Error names the type and the offending part.
func (e *TypeError) Error() string {
	if e.Path == e.Type {
		return fmt.Sprintf("shared: a %s cannot be shared between processes: it is a %s, which holds a pointer", e.Type, e.Kind)
	}
	return fmt.Sprintf("shared: a %s cannot be shared between processes: %s is a %s, which holds a pointer", e.Type, e.Path, e.Kind)
}

// A task's error that wraps these keeps them through a worker's
// *processpool.RemoteError: errors.Is finds them in the parent.
func init() {
	processpool.RegisterError(ErrClosed)
	processpool.RegisterError(ErrOutOfRange)
}
