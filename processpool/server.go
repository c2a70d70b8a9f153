package processpool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/gocurrent/futures/internal/wire"
)

// server is the worker's side of the connection. One goroutine at a time,
// the reader, reads frames. It runs each call itself, so that a call
// starts without waking another thread; if the call runs longer than
// readerDelay, a new goroutine takes over reading, so that a cancel frame
// (or the end of the connection) still gets through, and the old one ends
// with its call.
type server struct {
	dec *wire.Decoder
	out io.Writer
	pid int

	wmu sync.Mutex // serialises frames to the parent
	enc *wire.Encoder

	mu     sync.Mutex
	cur    *running
	handed bool // a new reader took over during cur
}

// readerDelay is how long a call runs before another goroutine takes over
// reading frames: the most a cancel frame waits.
const readerDelay = 200 * time.Microsecond

// running is the call a worker runs.
type running struct {
	id       uint64
	cancel   context.CancelFunc
	deadline bool // the context expires by itself, at the parent's deadline
}

// serve runs the worker; it never returns.
func serve() int {
	in, out, err := workerPipes()
	if err != nil {
		fmt.Fprintf(os.Stderr, "processpool: worker %d: %v\n", os.Getpid(), err)
		return exitProtocol
	}
	s := &server{dec: wire.NewDecoder(in), out: out, pid: os.Getpid(), enc: wire.NewEncoder()}
	s.enc.Begin()
	if err := s.write(&wire.Hello{Magic: wire.Magic, Version: wire.Version, PID: s.pid}); err != nil {
		return exitOK // the parent is gone
	}
	s.loop()
	select {} // another goroutine reads now, and exits the process
}

// loop reads frames until the parent closes the connection (or dies: its
// end of the pipe closes with it); then, or on garbage, the worker exits at
// once, whatever still runs. It returns when another goroutine took over
// reading.
func (s *server) loop() {
	for {
		k, err := s.dec.Next()
		handed := false
		if err == nil {
			handed, err = s.handle(k)
		}
		switch {
		case handed:
			return
		case err == io.EOF, errors.Is(err, errRetired):
			os.Exit(exitOK)
		case err != nil:
			fmt.Fprintf(os.Stderr, "processpool: worker %d: %v; exiting\n", s.pid, err)
			os.Exit(exitProtocol)
		}
	}
}

// errRetired ends a worker that told the parent it would exit.
var errRetired = errors.New("retired")

// handle handles a frame; handed says another goroutine reads from now
// on.
func (s *server) handle(k wire.Kind) (handed bool, err error) {
	switch k {
	case wire.KindCall:
		return s.call()
	case wire.KindCancel:
		var c wire.Cancel
		if err := s.dec.Head(&c); err != nil {
			return false, err
		}
		s.mu.Lock()
		if s.cur != nil && s.cur.id == c.ID && !(c.Expired && s.cur.deadline) {
			s.cur.cancel()
		}
		s.mu.Unlock()
		return false, s.dec.End()
	}
	return false, fmt.Errorf("%w: unexpected frame kind %d", wire.ErrProtocol, k)
}

func (s *server) call() (handed bool, err error) {
	var c wire.Call
	if err := s.dec.Head(&c); err != nil {
		return false, err
	}
	if err := validCall(&c); err != nil {
		return false, err
	}
	e, ok := byName(c.Func)
	if !ok {
		// Its values cannot be decoded without its types: the values
		// stream is lost, so this worker tells the parent and exits.
		msg := fmt.Sprintf("%s is not registered in the worker process: call processpool.Register(%s) "+
			"in an init() of a package that both processes import", c.Func, shortName(c.Func))
		return false, s.refuse(&c, wire.ErrNotRegistered, msg)
	}
	j, err := e.job(s.dec, &c)
	if errors.Is(err, wire.ErrProtocol) {
		return false, err
	}
	if err != nil {
		return false, s.refuse(&c, wire.ErrDecode, err.Error())
	}
	if err := s.dec.End(); err != nil {
		return false, err
	}
	return s.run(&c, j), nil
}

// run runs j in this goroutine under a context that a cancel frame (or
// the parent's deadline) ends, and sends its result. It reports whether
// another goroutine took over reading meanwhile; if j's function calls
// runtime.Goexit, it ends this goroutine after handing reading over and
// sending the result.
func (s *server) run(c *wire.Call, j job) (handed bool) {
	ctx, cancel := context.WithCancel(workerContext())
	if c.Deadline != 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithDeadline(ctx, time.Unix(0, c.Deadline))
		cancelParent := cancel
		cancel = func() { stop(); cancelParent() }
	}
	r := &running{id: c.ID, cancel: cancel, deadline: c.Deadline != 0}
	s.mu.Lock()
	s.cur, s.handed = r, false
	s.mu.Unlock()
	t := time.AfterFunc(readerDelay, func() { s.handOver(r) })
	stopProgress := s.watchProgress(c, j)
	returned := false
	defer func() {
		t.Stop()
		stopProgress()
		cancel()
		if !returned {
			s.handOver(r) // runtime.Goexit: this goroutine reads no more
		}
		s.mu.Lock()
		s.cur = nil
		handed = s.handed
		s.mu.Unlock()
		s.reply(r.id, j)
	}()
	j.run(ctx)
	returned = true
	return handed
}

// handOver starts a new reader while r runs, once.
func (s *server) handOver(r *running) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == r && !s.handed {
		s.handed = true
		go s.loop()
	}
}

// reply sends j's result. A result too large for a frame fails instead.
func (s *server) reply(id uint64, j job) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.enc.Begin()
	r := wire.Result{ID: id}
	j.finish(s.enc, &r)
	err := s.writeLocked(&r)
	if errors.Is(err, wire.ErrTooLarge) {
		s.enc.Begin()
		r = failed(id, j.count(), wire.ErrEncode, "the result is larger than 4 GiB")
		err = s.writeLocked(&r)
	}
	if err != nil {
		os.Exit(exitOK) // the parent is gone
	}
}

// refuse answers a call whose values cannot be read with an error for
// every call, and retires the worker.
func (s *server) refuse(c *wire.Call, kind wire.ErrKind, msg string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.enc.Begin()
	r := failed(c.ID, c.Count(), kind, msg)
	r.Retire = true
	if err := s.writeLocked(&r); err != nil {
		return err
	}
	return errRetired
}

// failed is a result whose n items all failed with msg.
func failed(id uint64, n int, kind wire.ErrKind, msg string) wire.Result {
	r := wire.Result{ID: id, Values: wire.Layout{Absent: make([]int, n)}}
	for i := range n {
		r.Values.Absent[i] = i
		r.Errs = append(r.Errs, wire.Error{Item: i, Kind: kind, Msg: msg})
	}
	return r
}

func (s *server) write(head wire.Header) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.writeLocked(head)
}

// writeLocked adds head to the frame begun and sends it.
func (s *server) writeLocked(head wire.Header) error {
	s.enc.Head(head)
	_, err := s.enc.WriteTo(s.out)
	return err
}

// validCall rejects calls that no parent sends.
func validCall(c *wire.Call) error {
	if c.N < 1 || c.N > wire.MaxFrame {
		return fmt.Errorf("%w: a call of %d items", wire.ErrProtocol, c.N)
	}
	for k, i := range c.Index {
		if i < 0 || i >= c.N || (k > 0 && i <= c.Index[k-1]) {
			return fmt.Errorf("%w: bad call index %d", wire.ErrProtocol, i)
		}
	}
	if c.Index != nil && len(c.Index) == 0 {
		return fmt.Errorf("%w: a call of no items", wire.ErrProtocol)
	}
	return nil
}
