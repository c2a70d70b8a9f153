package processpool

// Hooks for the tests of package processpool_test.

import (
	"io"
	"os"
	"time"
)

// SlowClaims makes a worker wait for d before each claim of a call, as
// if the reader were descheduled there, so that the watchdog may hand
// reading over meanwhile.
func SlowClaims(d time.Duration) { beforeClaim = func() { time.Sleep(d) } }

// EnvWorker is the environment variable that makes Main serve.
const EnvWorker = envWorker

// WithExecutable makes the pool start its workers from path, to test
// missing executables and workers that fail their handshake.
func WithExecutable(path string) Option {
	return func(c *config) { c.exe = path }
}

// WithStallTimeout sets how long a frame from a worker may stall once it
// has begun.
func WithStallTimeout(d time.Duration) Option {
	return func(c *config) { c.stall = d }
}

// PIDs returns the process ids of the workers that passed their handshake.
func (p *Pool) PIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pids []int
	for w := range p.workers {
		if w.ready {
			pids = append(pids, w.pid)
		}
	}
	return pids
}

// WithoutMain runs fn as if Main had not been called.
func WithoutMain(fn func()) {
	mainCalled.Store(false)
	defer mainCalled.Store(true)
	fn()
}

// IsClosure reports whether a runtime function name is a closure's or a
// method value's.
var IsClosure = isClosure

// StartingPIDs returns the process ids of the workers whose process
// started but that have not passed their handshake yet.
func (p *Pool) StartingPIDs() []int {
	p.mu.Lock()
	var ws []*worker
	for w := range p.workers {
		if !w.ready {
			ws = append(ws, w)
		}
	}
	p.mu.Unlock()
	var pids []int
	for _, w := range ws {
		w.mu.Lock()
		if w.pid != 0 && !w.exited {
			pids = append(pids, w.pid)
		}
		w.mu.Unlock()
	}
	return pids
}

// Workers returns the number of workers running or starting.
func (p *Pool) Workers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// Ahead returns, for each worker that passed its handshake, the number of
// tasks sent to it and not answered.
func (p *Pool) Ahead() []int {
	p.mu.Lock()
	var ws []*worker
	for w := range p.workers {
		if w.ready {
			ws = append(ws, w)
		}
	}
	p.mu.Unlock()
	var n []int
	for _, w := range ws {
		w.mu.Lock()
		n = append(n, len(w.win))
		w.mu.Unlock()
	}
	return n
}

// PipeSize is the size a pipe grows to for a large write.
const PipeSize = pipeSize

// NewPipeWriter returns the writer a connection sends its frames to f
// with.
func NewPipeWriter(f *os.File) io.Writer { return newPipeWriter(f) }

// PipeCapacity returns how many bytes the pipe f is an end of holds, or
// an error where that cannot be known.
var PipeCapacity = pipeCapacity

// WaiterReads returns how many answers goroutines waiting in Result read
// themselves.
func (p *Pool) WaiterReads() int64 { return p.waiterReads.Load() }

// ReadersRest reports whether a worker's reader may rest here (rest.go):
// the system has pidfds.
func ReadersRest() bool {
	f := exitWatch(os.Getpid())
	if f == nil {
		return false
	}
	f.Close()
	return true
}
