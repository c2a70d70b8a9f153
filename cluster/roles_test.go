package cluster_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
)

// envRole makes the test binary, started again by a test, play a part
// other than running tests: a server, a worker, a submitter that dies.
// Its settings come in CLUSTER_TEST_* variables.
const envRole = "CLUSTER_TEST_ROLE"

// roles are the parts a re-executed test binary can play. Each serves
// until its standard input closes or it is killed.
var roles = map[string]func() int{
	"server":    roleServer,
	"worker":    roleWorker,
	"submitter": roleSubmitter,
}

func runRole(role string) int {
	f, ok := roles[role]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown role %q\n", role)
		return 2
	}
	return f()
}

func env(name string) string { return os.Getenv("CLUSTER_TEST_" + name) }

// untilStdinCloses blocks until the test closes the pipe (or dies).
func untilStdinCloses() { _, _ = io.Copy(io.Discard, os.Stdin) }

// roleServer runs a JetStream server: CLUSTER_TEST_PORT, _STORE, and for a
// cluster node _NAME, _CLUSTER_PORT and _ROUTES (comma-separated URLs).
func roleServer() int {
	port, _ := strconv.Atoi(env("PORT"))
	opts := &server.Options{Host: "127.0.0.1", Port: port, JetStream: true, StoreDir: env("STORE"),
		NoLog: true, NoSigs: true, ServerName: env("NAME")}
	if cp := env("CLUSTER_PORT"); cp != "" {
		opts.Cluster.Name = "futures-test"
		opts.Cluster.Host = "127.0.0.1"
		opts.Cluster.Port, _ = strconv.Atoi(cp)
		opts.Routes = server.RoutesFromStr(env("ROUTES"))
	}
	s, err := server.NewServer(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s.Start()
	if !s.ReadyForConnections(20 * time.Second) {
		return 1
	}
	fmt.Println("ready")
	untilStdinCloses()
	s.Shutdown()
	s.WaitForShutdown()
	return 0
}

// roleWorker runs Serve on CLUSTER_TEST_URL and queue CLUSTER_TEST_QUEUE.
func roleWorker() int {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { untilStdinCloses(); cancel() }()
	fmt.Println("ready")
	if err := cluster.Serve(ctx, env("URL"), cluster.WithQueue(env("QUEUE"))); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// roleSubmitter submits CLUSTER_TEST_N calls of Count, with their files in
// CLUSTER_TEST_DIR, to the queue at CLUSTER_TEST_URL, says "ready" once
// the server has them, and waits to be killed.
func roleSubmitter() int {
	e, err := cluster.New(cluster.WithURL(env("URL")), cluster.WithQueue(env("QUEUE")), cluster.WithWorkers(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if d := env("LONG"); d != "" { // one long call, said ready once it runs
		f, err := executor.Submit(e, Count, Job{Path: filepath.Join(env("DIR"), "long"), Sleep: time.Hour})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		for !f.Running() {
			time.Sleep(time.Millisecond)
		}
	}
	n, _ := strconv.Atoi(env("N"))
	for i := range n {
		if _, err := executor.Submit(e, Count, Job{Path: filepath.Join(env("DIR"), fmt.Sprint(i))}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	time.Sleep(time.Second) // the publications are acknowledged
	fmt.Println("ready")
	untilStdinCloses()
	return 0
}

// child is a re-executed test binary playing a role.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// startChild starts a role with settings (NAME=value) and waits for its
// "ready". The test's cleanup kills it if it is still there.
func startChild(t *testing.T, role string, settings ...string) *child {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envRole+"="+role)
	for _, s := range settings {
		cmd.Env = append(cmd.Env, "CLUSTER_TEST_"+s)
	}
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	c := &child{cmd: cmd, stdin: stdin}
	t.Cleanup(c.kill)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "role %s did not start", role)
	require.Equal(t, "ready", strings.TrimSpace(line))
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return c
}

// kill SIGKILLs the child and reaps it; it may be called again.
func (c *child) kill() {
	if c.cmd.ProcessState != nil {
		return
	}
	_ = c.cmd.Process.Kill()
	_ = c.cmd.Wait()
}

// stop asks the child to finish and waits for it.
func (c *child) stop() {
	if c.cmd.ProcessState != nil {
		return
	}
	_ = c.stdin.Close()
	_ = c.cmd.Wait()
}

// freePort returns a TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
