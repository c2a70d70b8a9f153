package processpool

import (
	"bytes"
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
// the reader, reads frames. A call runs in the reader itself when no
// other call runs, so that it starts without waking another thread; if it
// runs longer than readerDelay, a new goroutine takes over reading, so
// that a cancel frame (or the end of the connection) still gets through.
// One timer, the watchdog, sees to that for all calls: the reader arms it
// when it starts a call after waiting for frames, and stops it when it
// waits again, so that calls that come back to back cost no timer each.
// The calls that new reader reads meanwhile (the parent sends calls
// ahead) wait in a queue, and the goroutine of the long call runs them
// in order once it is done, and then ends.
type server struct {
	dec    *wire.Decoder
	out    io.Writer
	pid    int
	claims *claimPage // the claim words of calls sent ahead; nil if none are

	wmu    sync.Mutex // serialises frames to the parent
	enc    *wire.Encoder
	res    wire.Result  // the header of the result frame being built
	pend   bytes.Buffer // answers held back while more calls wait in the pipe: to skipped calls (see skip) and results kept in claim slots (see keep)
	heldAt time.Time    // when the first answer pend holds was held

	mu    sync.Mutex
	cur   *running    // the call running
	busy  bool        // a goroutine runs calls: the reader queues the calls it reads
	queue []*queued   // calls read while another ran, in order
	dog   *time.Timer // the watchdog: runs tick while armed
	armed bool        // the watchdog runs: the reader runs calls
}

// beforeClaim, if a test sets it, runs in the worker before each claim.
var beforeClaim func()

// readerDelay is how long a call runs before another goroutine takes over
// reading frames: about the most a cancel frame waits.
const readerDelay = 200 * time.Microsecond

// queued is a call read and decoded, waiting to run.
type queued struct {
	c         wire.Call
	j         job // nil for a call refused: refusal is its answer
	refusal   *wire.Result
	cancelled bool // a cancel frame came for it while it waited
	expired   bool // that frame said its deadline passed
}

// running is the call a worker runs.
type running struct {
	id       uint64
	cancel   context.CancelFunc
	deadline bool      // the context expires by itself, at the parent's deadline
	reader   bool      // it runs in the reader
	started  time.Time // when it started, if it runs in the reader
	handed   bool      // another goroutine took over reading while it ran; under server.mu
}

// serve runs the worker; it never returns.
func serve() int {
	in, out, err := workerPipes()
	if err != nil {
		fmt.Fprintf(os.Stderr, "processpool: worker %d: %v\n", os.Getpid(), err)
		return exitProtocol
	}
	claims, err := workerClaims()
	if err != nil {
		fmt.Fprintf(os.Stderr, "processpool: worker %d: %v\n", os.Getpid(), err)
		return exitProtocol
	}
	s := &server{dec: wire.NewDecoder(in), out: out, pid: os.Getpid(), enc: wire.NewEncoder(), claims: claims}
	s.dog = time.AfterFunc(time.Hour, s.tick)
	s.dog.Stop()
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
		if !s.dec.Ready() {
			s.flush() // the answers held back go before the reader waits
			s.disarm()
		}
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
		s.cancel(&c)
		return false, s.dec.End()
	}
	return false, fmt.Errorf("%w: unexpected frame kind %d", wire.ErrProtocol, k)
}

// cancel ends the context of call c.ID: the running call's, or that of a
// queued one when it starts.
func (s *server) cancel(c *wire.Cancel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil && s.cur.id == c.ID {
		if !(c.Expired && s.cur.deadline) {
			s.cur.cancel()
		}
		return
	}
	for _, q := range s.queue {
		if q.c.ID == c.ID {
			q.cancelled, q.expired = true, c.Expired
		}
	}
}

// call reads a call frame and runs the call, or queues it if another
// runs.
func (s *server) call() (handed bool, err error) {
	q := &queued{}
	if err := s.dec.Head(&q.c); err != nil {
		return false, err
	}
	c := &q.c
	if err := validCall(c); err != nil {
		return false, err
	}
	e, ok := byName(c.Func)
	var retire error
	switch {
	case !ok:
		// Its values cannot be decoded without its types: the values
		// stream is lost, so this worker tells the parent and exits.
		msg := fmt.Sprintf("%s is not registered in the worker process: call processpool.Register(%s) "+
			"in an init() of a package that both processes import", c.Func, shortName(c.Func))
		q.refusal, retire = refusal(c, wire.ErrNotRegistered, msg), errRetired
	default:
		j, err := e.job(s.dec, c)
		if errors.Is(err, wire.ErrProtocol) {
			return false, err
		}
		if err != nil {
			q.refusal, retire = refusal(c, wire.ErrDecode, err.Error()), errRetired
		} else if err := s.dec.End(); err != nil {
			return false, err
		}
		q.j = j
	}
	s.mu.Lock()
	if s.busy {
		s.queue = append(s.queue, q)
		s.mu.Unlock()
		if retire != nil {
			select {} // the goroutine running calls answers it, in order, and exits
		}
		return false, nil
	}
	s.busy = true
	s.mu.Unlock()
	return s.drain(q, true), retire
}

// drain runs q, then the calls queued meanwhile, in order, in this
// goroutine. reader says it is the reader; drain reports whether another
// goroutine took over reading.
func (s *server) drain(q *queued, reader bool) (handed bool) {
	for q != nil {
		if q.refusal != nil {
			s.refuse(q.refusal) // exits the process once the parent has it, unless the reader does
			if !reader {
				os.Exit(exitOK)
			}
			s.mu.Lock()
			s.busy = false
			s.mu.Unlock()
			return false
		}
		if s.run(q, reader) {
			reader, handed = false, true
		}
		s.mu.Lock()
		q = s.nextLocked()
		s.mu.Unlock()
	}
	return handed
}

// nextLocked takes the next queued call, or marks the worker not busy.
// Called with mu held.
func (s *server) nextLocked() *queued {
	if len(s.queue) == 0 {
		s.busy = false
		s.queue = s.queue[:0:0]
		return nil
	}
	q := s.queue[0]
	s.queue[0] = nil
	s.queue = s.queue[1:]
	return q
}

// run runs q's job in this goroutine, if its claim word lets it, under a
// context that a cancel frame (or the parent's deadline) ends, and sends
// its result. If reader, the watchdog starts another reader once the call
// has run for readerDelay, and run reports whether it did. If the job's
// function calls runtime.Goexit, it ends this goroutine after handing
// reading over, sending the result, and leaving the queued calls to a new
// goroutine.
func (s *server) run(q *queued, reader bool) (handed bool) {
	c, j := &q.c, q.j
	ctx, cancel := context.WithCancel(workerContext())
	if c.Deadline != 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithDeadline(ctx, time.Unix(0, c.Deadline))
		cancelParent := cancel
		cancel = func() { stop(); cancelParent() }
	}
	r := &running{id: c.ID, cancel: cancel, deadline: c.Deadline != 0, reader: reader}
	if q.cancelled && !(q.expired && r.deadline) {
		cancel()
	}
	if reader {
		r.started = time.Now()
	}
	s.mu.Lock()
	s.cur = r
	if reader && !s.armed {
		s.armed = true
		s.dog.Reset(readerDelay)
	}
	s.mu.Unlock()
	// The word moves to running with cur set, so that a cancel frame,
	// which the parent sends only once it saw the word running, finds it.
	if beforeClaim != nil {
		beforeClaim()
	}
	if !s.claims.claimCall(c.Claim) {
		cancel()
		s.mu.Lock()
		s.cur = nil
		handed = r.handed // the watchdog may have looked meanwhile
		s.mu.Unlock()
		s.skip(c.ID, reader && !handed && s.dec.Ready())
		return handed
	}
	stopProgress := s.watchProgress(c, j)
	returned := false
	defer func() {
		stopProgress()
		cancel()
		if !returned && reader {
			s.handOver(r) // runtime.Goexit: this goroutine reads no more
		}
		s.mu.Lock()
		s.cur = nil // no hand-over from now on
		handed = r.handed
		s.mu.Unlock()
		// The answer goes into the pipe before the next call can start,
		// unless it is kept in the call's claim slot: a worker that dies
		// later, killed by that call or from outside, must not take a
		// finished call's result with it. Only the reader, with more
		// calls already read, holds answers back.
		s.reply(r.id, c.Claim, j, returned && reader && !handed && s.dec.Ready())
		if !returned {
			s.mu.Lock()
			next := s.nextLocked()
			s.mu.Unlock()
			if next != nil {
				go s.drain(next, false)
			}
		}
	}()
	j.run(ctx)
	returned = true
	return // handed is set by the deferred function, under mu
}

// handOver starts a new reader while r runs, once; r.handed records it.
func (s *server) handOver(r *running) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handOverLocked(r)
}

func (s *server) handOverLocked(r *running) {
	if s.cur == r && !r.handed {
		r.handed = true
		go s.loop()
	}
}

// tick is the watchdog's: it hands reading over from a call that has run
// in the reader for readerDelay, and else looks again later. The reader
// stops it (disarm) before it waits for frames, so that an idle worker
// wakes for no timer.
func (s *server) tick() {
	s.mu.Lock()
	if !s.armed {
		s.mu.Unlock()
		return
	}
	r := s.cur
	wait := readerDelay
	if r != nil && r.reader && !r.handed {
		wait -= time.Since(r.started)
		if wait <= 0 {
			s.handOverLocked(r)
			s.armed = false // the new reader arms it again when it runs a call
			s.mu.Unlock()
			s.flush() // the skipped calls' answers held back do not wait for this call
			return
		}
	}
	s.dog.Reset(wait)
	s.mu.Unlock()
}

// disarm stops the watchdog: the reader is about to wait for frames.
func (s *server) disarm() {
	s.mu.Lock()
	if s.armed {
		s.armed = false
		s.dog.Stop()
	}
	s.mu.Unlock()
}

// skip answers a call that did not run because its claim word was no
// longer pending: it was cancelled, or taken back to run elsewhere.
func (s *server) skip(id uint64, hold bool) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.enc.Begin()
	if err := s.writeHeld(&wire.Result{ID: id, Skipped: true}, hold); err != nil {
		os.Exit(exitOK) // the parent is gone
	}
}

// reply sends j's result, the answer to call id with claim word seq. With
// hold, a result frame its claim slot keeps may wait for the next write.
// A result too large for a frame fails instead.
func (s *server) reply(id, seq uint64, j job, hold bool) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.enc.Begin()
	s.res = wire.Result{ID: id}
	r := &s.res
	defer func() { s.res = wire.Result{} }()
	j.finish(s.enc, r)
	var err error
	if hold && (r.Values.Flat || len(r.Values.Absent) == j.count()) {
		err = s.keep(r, seq) // no gob values: the frame reads alone
	} else {
		err = s.writeLocked(r)
	}
	if errors.Is(err, wire.ErrTooLarge) {
		s.enc.Begin()
		*r = failed(id, j.count(), wire.ErrEncode, "the result is larger than 4 GiB")
		err = s.writeLocked(r)
	}
	if err != nil {
		os.Exit(exitOK) // the parent is gone
	}
}

// keep adds result r of call seq to the answers held back if its claim
// slot keeps a copy of its frame, and else writes it at once. Called with
// wmu held.
func (s *server) keep(r *wire.Result, seq uint64) error {
	s.enc.Head(r)
	if s.enc.Len() > slotFrame {
		return s.writeLocked(r)
	}
	at := s.pend.Len()
	if _, err := s.enc.WriteTo(&s.pend); err != nil {
		return err
	}
	if !s.claims.keepResult(seq, s.pend.Bytes()[at:]) || !s.mayHold(at) {
		return s.flushLocked()
	}
	return nil
}

// refusal is the answer to a call whose values cannot be read: an error
// for every item, and the worker retires.
func refusal(c *wire.Call, kind wire.ErrKind, msg string) *wire.Result {
	r := failed(c.ID, c.Count(), kind, msg)
	r.Retire = true
	return &r
}

// refuse sends a refusal.
func (s *server) refuse(r *wire.Result) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.enc.Begin()
	if err := s.writeLocked(r); err != nil {
		os.Exit(exitOK) // the parent is gone
	}
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

// writeLocked adds head to the frame begun and sends it, after the
// answers held back.
func (s *server) writeLocked(head wire.Header) error { return s.writeHeld(head, false) }

// heldFrame is the most answers held back. Only answers whose loss with
// the worker loses nothing are held: those to calls that did not run, as
// their claim words tell the parent what became of them, and results
// their claim slots keep.
const heldFrame = 64 << 10

// holdFor is the longest an answer is held back: the parent gets the
// answers of short calls in batches, and never waits long for any.
const holdFor = 50 * time.Microsecond

// mayHold reports whether what pend holds may wait longer, now that an
// answer was added to it at offset at (0: it was empty): neither heldFrame
// bytes nor holdFor old. Called with wmu held.
func (s *server) mayHold(at int) bool {
	now := time.Now()
	if at == 0 {
		s.heldAt = now
	}
	return s.pend.Len() < heldFrame && now.Sub(s.heldAt) < holdFor
}

// writeHeld adds head to the frame begun and sends it; with hold, a small
// frame waits in pend for the next write or flush instead. Called with
// wmu held.
func (s *server) writeHeld(head wire.Header, hold bool) error {
	s.enc.Head(head)
	small := s.enc.Len() <= heldFrame
	switch {
	case hold && small:
		at := s.pend.Len()
		if _, err := s.enc.WriteTo(&s.pend); err != nil {
			return err
		}
		if s.mayHold(at) {
			return nil
		}
		return s.flushLocked()
	case s.pend.Len() == 0:
	case small:
		if _, err := s.enc.WriteTo(&s.pend); err != nil {
			return err
		}
		return s.flushLocked()
	default:
		if err := s.flushLocked(); err != nil {
			return err
		}
	}
	_, err := s.enc.WriteTo(s.out)
	return err
}

// flush writes the answers held back.
func (s *server) flush() {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.flushLocked() != nil {
		os.Exit(exitOK) // the parent is gone
	}
}

func (s *server) flushLocked() error {
	if s.pend.Len() == 0 {
		return nil
	}
	_, err := s.out.Write(s.pend.Bytes())
	s.pend.Reset()
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
