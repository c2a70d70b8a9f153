package processpool_test

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// TestPoolExitCode: a pool worker's death has Python's exitcode too.
func TestPoolExitCode(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(1))
	_, err := executor.Apply(p, exit, 7)
	var ee *processpool.ExitError
	require.ErrorAs(t, err, &ee)
	require.Equal(t, 7, ee.Code)
	require.Equal(t, syscall.Signal(0), ee.Signal)
	_, err = executor.Apply(p, killSelf, 0)
	require.ErrorAs(t, err, &ee)
	require.Equal(t, -9, ee.Code)
	require.Equal(t, syscall.SIGKILL, ee.Signal)
}
