//go:build !unix

package processpool

import (
	"errors"
	"os"
)

// Without a shared page, nothing is sent ahead: a worker gets its next
// call once it answered the last.
func newClaimPage() (*claimPage, *os.File, error) {
	return nil, nil, errors.New("no shared memory for claim words on this system")
}

func (c *claimPage) release() {}

func workerClaims() (*claimPage, error) { return nil, nil }
