package processpool_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/executortest"
	"github.com/gocurrent/futures/processpool"
)

// The shared suite's functions, registered so that workers can run them.
func init() { executortest.Register() }

// TestExecutorSuite runs the behaviour suite that every executor passes.
func TestExecutorSuite(t *testing.T) {
	executortest.Run(t, func(t *testing.T, workers int) executor.Executor {
		p, err := processpool.New(processpool.WithMaxWorkers(workers))
		require.NoError(t, err)
		return p
	})
}
