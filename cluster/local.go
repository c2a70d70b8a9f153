package cluster

import (
	"fmt"

	"github.com/google/uuid"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// locals are the worker processes New started on this machine. A worker
// that exits on its own is started again, so that the queue keeps its
// workers; Shutdown stops them by closing their standard input, and
// Terminate kills them.
type locals struct {
	exe    string
	url    string
	cfg    config
	wg     sync.WaitGroup
	mu     sync.Mutex
	procs  []*localProc
	closed bool
	first  error // the error of the first start, if it failed
}

// localProc is one worker process, its name on the queue and the pipe to
// its standard input.
type localProc struct {
	id    string
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

func startLocals(url string, c config) *locals {
	l := &locals{url: url, cfg: c}
	exe, err := os.Executable()
	if err != nil {
		l.first = fmt.Errorf("cluster: the local workers: %w", err)
		return l
	}
	l.exe = exe
	l.procs = make([]*localProc, c.workers)
	for i := range l.procs {
		p, err := l.spawn()
		if err != nil {
			l.first = fmt.Errorf("cluster: start a local worker: %w", err)
			return l
		}
		l.procs[i] = p
		l.wg.Add(1)
		go l.watch(i, p)
	}
	return l
}

func (l *locals) err() error { return l.first }

func (l *locals) spawn() (*localProc, error) {
	c := l.cfg
	c.workerID = "local-" + uuid.NewString()
	cmd := exec.Command(l.exe)
	cmd.Env = append(os.Environ(), envWorker+"="+encodeSpec(l.url, c))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &localProc{id: c.workerID, cmd: cmd, stdin: stdin}, nil
}

// watch reaps worker i and starts a replacement while the executor runs;
// a worker that keeps dying at once (a server it cannot reach) is started
// again less and less often, up to every 5s.
func (l *locals) watch(i int, p *localProc) {
	defer l.wg.Done()
	backoff := 50 * time.Millisecond
	for {
		started := time.Now()
		_ = p.cmd.Wait()
		if time.Since(started) > 10*time.Second {
			backoff = 50 * time.Millisecond
		}
		if !l.sleep(backoff) {
			return
		}
		backoff = min(2*backoff, 5*time.Second)
		np, err := l.spawn()
		l.mu.Lock()
		if err != nil || l.closed {
			l.mu.Unlock()
			if np != nil {
				_ = np.cmd.Process.Kill()
				_ = np.cmd.Wait()
			}
			return
		}
		l.procs[i] = np
		l.mu.Unlock()
		p = np
	}
}

// sleep waits for d, and reports whether the workers are still wanted.
func (l *locals) sleep(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		l.mu.Lock()
		closed := l.closed
		l.mu.Unlock()
		if closed {
			return false
		}
		if time.Now().After(deadline) {
			return true
		}
		time.Sleep(min(10*time.Millisecond, time.Until(deadline)))
	}
}

// pids returns the process ids of the running workers.
func (l *locals) pids() []int {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ps []int
	for _, p := range l.procs {
		if p != nil {
			ps = append(ps, p.cmd.Process.Pid)
		}
	}
	return ps
}

// stop asks every worker to finish and waits until all have exited.
func (l *locals) stop() {
	l.mu.Lock()
	l.closed = true
	for _, p := range l.procs {
		if p != nil {
			_ = p.stdin.Close()
		}
	}
	l.mu.Unlock()
	l.wg.Wait()
}

// replace kills the worker named id, if it is one of these: its watcher
// starts another. It reports whether it was.
func (l *locals) replace(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.procs {
		if p != nil && p.id == id {
			_ = p.cmd.Process.Kill()
			return true
		}
	}
	return false
}

// kill kills every worker at once.
func (l *locals) kill() {
	l.mu.Lock()
	l.closed = true
	for _, p := range l.procs {
		if p != nil {
			_ = p.cmd.Process.Kill()
		}
	}
	l.mu.Unlock()
}
