package processpool

// Hooks for the tests of package processpool_test.

// EnvWorker is the environment variable that makes Main serve.
const EnvWorker = envWorker

// WithExecutable makes the pool start its workers from path, to test
// missing executables and workers that fail their handshake.
func WithExecutable(path string) Option {
	return func(c *config) { c.exe = path }
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
