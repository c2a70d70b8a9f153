package processpool

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/wire"
)

// errKilled is the Cause of the *ExitError of a process ended by Kill.
var errKilled = errors.New("killed by Process.Kill")

// Process is a registered function running in a process of its own, as
// Python's multiprocessing.Process: Start is start(), Wait is join() with
// the result, Done is is_alive(), Kill is terminate(), and the Code of
// Wait's *ExitError is exitcode. Its methods are safe for concurrent use.
//
// The process is a one-shot worker: this program started again, serving
// one call over the same pipes as a pool worker, with the same rules
// (Main, Register, gob-encoded argument and result). It dies with its
// parent and has a process group of its own.
type Process[R any] struct {
	pid  int
	f    *future.Future[R]
	done chan struct{} // closed once the process has been reaped

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited bool  // it has exited: Kill no longer signals its pid
	cause  error // why it was killed
}

// Start runs fn(ctx, arg) in a new process of its own and returns at once,
// once the process has started and received its argument. fn must be
// registered with Register. It returns an error, and leaves no process
// behind, if Main was not called (ErrNoMain), fn is not registered
// (ErrNotRegistered), arg cannot be encoded (ErrEncoding), or the process
// cannot start. Starting a process costs a few milliseconds: the program's
// start-up. Always Wait for a Process (or receive from Done) so that it is
// reaped.
func Start[A, R any](fn func(context.Context, A) (R, error), arg A) (*Process[R], error) {
	if !mainCalled.Load() {
		return nil, ErrNoMain
	}
	if !supported {
		return nil, errUnsupported
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("processpool: cannot find this program's executable to start a process: %w", err)
	}
	p := &Process[R]{done: make(chan struct{})}
	l := &launcher{exe: exe, proc: p}
	f, err := executor.Submit(l, fn, arg)
	if err != nil {
		return nil, err
	}
	p.f = f
	return p, nil
}

// PID returns the process id. It stays valid after the process exited,
// but may then name another process.
func (p *Process[R]) PID() int { return p.pid }

// Wait blocks until the process has exited and been reaped, and returns
// the function's result or error (a returned error as a *RemoteError, a
// panic as an *executor.PanicError). If the process ended without a
// result (a signal, os.Exit, Kill), the error is an *ExitError whose Code
// is Python's exitcode. It is Python's join(); it may be called many
// times, from many goroutines.
func (p *Process[R]) Wait() (R, error) {
	<-p.done
	return p.f.Result(0)
}

// Done returns a channel closed once the process has exited and been
// reaped: Python's is_alive() is true until then.
func (p *Process[R]) Done() <-chan struct{} { return p.done }

// Kill kills the process (and anything it started in its process group)
// with SIGKILL, unless it has already exited; Wait then returns an
// *ExitError with Code -9. A function that returned before Kill keeps its
// result. Kill never blocks and returns nil; it is Python's terminate()
// and kill().
func (p *Process[R]) Kill() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exited || p.cmd == nil {
		return nil
	}
	if p.cause == nil {
		p.cause = errKilled
	}
	killProcess(p.cmd.Process)
	return nil
}

// launcher is the executor of one Process: Execute starts the process and
// sends it the task's call.
type launcher struct {
	exe  string
	proc interface{ conn() *procConn }
}

func (p *Process[R]) conn() *procConn {
	return &procConn{
		setCmd: func(cmd *exec.Cmd) {
			p.mu.Lock()
			p.cmd, p.pid = cmd, cmd.Process.Pid
			p.mu.Unlock()
		},
		exited: func() error {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.exited = true
			return p.cause
		},
		done: p.done,
	}
}

// Execute starts the process on a thread of its own and returns once the
// call has been sent, or why it could not be.
func (l *launcher) Execute(t executor.Task) error {
	e, err := lookup(t.Func())
	if err != nil {
		return err
	}
	c := l.proc.conn()
	c.pd = pending{t: t, e: e}
	c.enc = wire.NewEncoder()
	c.enc.Begin()
	vals, err := e.send(c.enc, &c.pd)
	if err != nil {
		return err
	}
	c.enc.Head(&wire.Call{ID: 1, Func: e.name(), N: 1, Values: vals})
	sent := make(chan error, 1)
	go c.run(l.exe, sent)
	return <-sent
}

// Shutdown does nothing: a launcher runs one call.
func (l *launcher) Shutdown(bool, ...executor.ShutdownOption) error { return nil }

var _ executor.Executor = (*launcher)(nil)

// run starts the process, sends its call, reads its result and reaps it,
// all from one locked OS thread: Linux sends a child its parent-death
// signal when the thread that started it ends, so that thread must live
// as long as the child.
func (c *procConn) run(exe string, sent chan<- error) {
	runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
	defer close(c.done)
	if err := c.start(exe); err != nil {
		sent <- err
		return
	}
	if err := c.send(); err != nil {
		c.kill()
		_, _, _ = c.wait()
		sent <- err
		return
	}
	sent <- nil
	apply := c.receive()
	c.toW.Close() // the worker exits when it reads the end
	state, status, cause := c.wait()
	if apply != nil {
		apply()
		return
	}
	c.pd.failAll(newExitError(c.cmd.Process.Pid, state, status, cause))
}
