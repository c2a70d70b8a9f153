package processpool

import (
	"os"
	"sync/atomic"
)

// envWorker marks a process started by a pool as a worker. Main removes
// it, so that programs a task starts are not workers.
const envWorker = "GOCURRENT_FUTURES_PROCESSPOOL_WORKER"

// Exit codes of a worker.
const (
	exitOK       = 0 // the parent closed the connection (or died)
	exitProtocol = 3 // the parent sent something the worker does not understand
)

var mainCalled atomic.Bool

// Main turns the process into a worker if a pool started it, and returns
// at once otherwise. Call it as the first statement of main(), and of
// TestMain in a package whose tests use a pool:
//
//	func main() {
//		processpool.Main()
//		// ... the program ...
//	}
//
//	func TestMain(m *testing.M) {
//		processpool.Main()
//		os.Exit(m.Run())
//	}
//
// In a worker, Main serves the pool until the pool closes the connection
// or the parent process dies, and then exits the process: it never
// returns. Everything before Main (package initialisation, the
// registrations) runs in the workers too; nothing after it does. New fails
// with ErrNoMain in a program that did not call Main.
func Main() {
	mainCalled.Store(true)
	if _, ok := os.LookupEnv(envWorker); !ok {
		return
	}
	_ = os.Unsetenv(envWorker)
	os.Exit(serve())
}
