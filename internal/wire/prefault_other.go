//go:build !linux

package wire

import "errors"

const canPopulate = false

// populate cannot fault pages in without writing them here.
func populate([]byte) error { return errors.New("wire: cannot populate pages on this system") }
