package cluster_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/executortest"
)

// The shared suite's functions, registered so that workers can run them.
func init() { executortest.Register() }

// TestExecutorSuite runs the behaviour suite that every executor passes,
// on an embedded server with one local worker process running as many
// calls at once as the suite asks for.
func TestExecutorSuite(t *testing.T) {
	executortest.Run(t, func(t *testing.T, workers int) executor.Executor {
		e, err := cluster.New(cluster.WithWorkers(1), cluster.WithConcurrency(workers))
		require.NoError(t, err)
		return e
	})
}
