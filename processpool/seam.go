package processpool

import (
	shared "github.com/gocurrent/futures/internal/registry"
)

// The typed entries and the sentinels of this package, installed in
// internal/registry, whose table Register fills and whose error codec and
// error types this package uses: functions registered with Register run
// on the cluster executor too, found with the same lookups and the same
// advice when unregistered, and their errors cross as they do here.
func init() {
	shared.Install(shared.Hooks{
		ByFunc: func(fn any) (shared.Func, error) {
			e, err := lookup(fn)
			if err != nil {
				return nil, err
			}
			return e.(sharer).shared(), nil
		},
		ByName: func(name string) (shared.Func, bool) {
			e, ok := byName(name)
			if !ok {
				return nil, false
			}
			return e.(sharer).shared(), true
		},
		ErrEncoding:      ErrEncoding,
		ErrNotRegistered: ErrNotRegistered,
		ErrWorkerExited:  ErrWorkerExited,
	})
}

// sharer is implemented by every entry.
type sharer interface{ shared() shared.Func }

func (e *fnEntry[A, R]) shared() shared.Func {
	return shared.NewFunc(e.key, e.fn, ErrEncoding, shortName(e.key), e.types)
}
