package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/executortest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, run(f))
	require.NoError(t, f.Close())
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "Submit: 8 <nil>\nMap: 2 <nil>\nMap: 0 empty word\nMap: 7 <nil>\nMapAll: [1 2 3] <nil>\n", string(got))
}

// TestExecutorSuite runs the behaviour suite of the module's own pools
// against Limited: an executor written outside the library passes it.
func TestExecutorSuite(t *testing.T) {
	executortest.Run(t, func(t *testing.T, workers int) executor.Executor { return NewLimited(workers) })
}
