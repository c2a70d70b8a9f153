package threadpool_test

import (
	"testing"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/internal/executortest"
	"github.com/gocurrent/futures/threadpool"
)

func TestExecutorSuite(t *testing.T) {
	executortest.Run(t, func(t *testing.T, workers int) executor.Executor {
		return threadpool.New(threadpool.WithMaxWorkers(workers))
	})
}
