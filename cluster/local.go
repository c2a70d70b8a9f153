package cluster

import (
	"fmt"
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
	env    string
	wg     sync.WaitGroup
	mu     sync.Mutex
	procs  []*localProc
	closed bool
	first  error // the error of the first start, if it failed
}

// localProc is one worker process and the pipe to its standard input.
type localProc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

func startLocals(url string, c config) *locals {
	l := &locals{env: envWorker + "=" + encodeSpec(url, c)}
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
	cmd := exec.Command(l.exe)
	cmd.Env = append(os.Environ(), l.env)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &localProc{cmd: cmd, stdin: stdin}, nil
}

// watch reaps worker i and starts a replacement while the executor runs.
func (l *locals) watch(i int, p *localProc) {
	defer l.wg.Done()
	for {
		_ = p.cmd.Wait()
		l.mu.Lock()
		if l.closed {
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
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
