package cluster_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/gocurrent/futures/cluster"
)

func TestMain(m *testing.M) {
	cluster.Main()
	if role := os.Getenv(envRole); role != "" {
		os.Exit(runRole(role))
	}
	// Race-enabled workers otherwise sleep a second before they exit.
	if _, ok := os.LookupEnv("GORACE"); !ok {
		_ = os.Setenv("GORACE", "atexit_sleep_ms=0")
	}
	goleak.VerifyTestMain(m)
}
