package processpool_test

import (
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gocurrent/futures/processpool"
)

// envSlowStart makes a worker wait that long before it serves, so that
// tests can kill workers while they start.
const envSlowStart = "PROCESSPOOL_TEST_SLOW_START"

// envSlowClaim makes a worker wait that long before each claim of a call
// (processpool.SlowClaims).
const envSlowClaim = "PROCESSPOOL_TEST_SLOW_CLAIM"

func TestMain(m *testing.M) {
	if _, worker := os.LookupEnv(processpool.EnvWorker); worker {
		if d, err := time.ParseDuration(os.Getenv(envSlowStart)); err == nil {
			time.Sleep(d)
		}
		if d, err := time.ParseDuration(os.Getenv(envSlowClaim)); err == nil {
			processpool.SlowClaims(d)
		}
	}
	processpool.Main()
	if os.Getenv(envParent) != "" {
		os.Exit(runParent())
	}
	// Race-enabled workers otherwise sleep a second before they exit.
	if _, ok := os.LookupEnv("GORACE"); !ok {
		_ = os.Setenv("GORACE", "atexit_sleep_ms=0")
	}
	goleak.VerifyTestMain(m)
}
