package cluster_test

import (
	"fmt"
	"os"
)

// envRole makes the test binary, started again by a test, play a part
// other than running tests: a server, a submitter that dies.
const envRole = "CLUSTER_TEST_ROLE"

// roles are the parts a re-executed test binary can play.
var roles = map[string]func() int{}

func runRole(role string) int {
	f, ok := roles[role]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown role %q\n", role)
		return 2
	}
	return f()
}
