package processpool

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// A worker's claim words: one per call sent to it, in a page of memory
// that the parent and the worker share (see internal/claim). The parent
// writes a call's word, pending, before it sends the call; the worker
// moves it to running just before the call starts; the parent moves a
// word that is still pending to cancelled (Cancel) or recalled (to send
// the call to another worker). A call runs only under the word its worker
// moved to running, so a call whose future was cancelled never runs.
//
// A word holds the call's sequence number on its worker above a
// three-bit state; call seq uses slot seq % claimSlots. A worker has at
// most claimSlots calls sent and not answered, and answers them in order,
// so a slot is reused only once its last call was answered; a Gate kept
// past that finds another sequence number in its word and knows it is
// stale.
//
// After its word, a slot has room for a small result frame. A worker that
// ran the call copies its result frame there, if it fits and needs no
// earlier frame to be read (flat values, or errors), before it moves the
// word to done; it may then hold the frame back, to write it with the
// next ones in one go. If the worker dies with it, the parent reads the
// frame from the slot: a finished call's result survives its worker even
// when it never reached the pipe.
const (
	claimSlots = 512
	slotBytes  = 64
	slotFrame  = slotBytes - 16 // the largest frame a slot holds, after the word and the length
	claimBytes = claimSlots * slotBytes
)

// The states of a claim word.
const (
	claimPending   uint64 = iota // sent; may still be cancelled or recalled
	claimRunning                 // the worker started it
	claimCancelled               // cancelled before it started: it never runs
	claimRecalled                // taken back, to be sent to another worker
	claimDone                    // it ran, and its slot holds its result frame
)

// claimState masks a word's state; the sequence number is above it.
const (
	claimState = 7
	claimShift = 3
)

// claimPage is the shared page of a worker's claim words. In the parent,
// its Gates may outlive the worker (a map keeps the Gates of its chunks
// until it is left): they read the page under mu, and find it gone once
// the worker was reaped, which is then as good as stale.
type claimPage struct {
	mu   sync.RWMutex // in the parent: held to read, taken to unmap
	mem  []byte       // mapped shared; nil once unmapped
	gone bool
}

func (c *claimPage) word(seq uint64) *atomic.Uint64 {
	return (*atomic.Uint64)(unsafe.Pointer(&c.mem[seq%claimSlots*slotBytes]))
}

// frameArea returns the room for call seq's result frame: its length,
// then its bytes.
func (c *claimPage) frameArea(seq uint64) (*atomic.Uint32, []byte) {
	off := seq % claimSlots * slotBytes
	return (*atomic.Uint32)(unsafe.Pointer(&c.mem[off+8])), c.mem[off+16 : off+slotBytes]
}

// slotGate is the claim word of call seq: the claim.Gate of its task.
type slotGate struct {
	page *claimPage
	seq  uint64
}

// newGate writes call seq's word, pending, and returns its Gate.
func (c *claimPage) newGate(seq uint64) slotGate {
	c.word(seq).Store(seq << claimShift) // the page is the live worker's: no lock
	return slotGate{page: c, seq: seq}
}

// move moves the word from pending to state s and reports the state it
// is in now: s if it moved; else running, cancelled or recalled; or
// claimRecalled if the word belongs to another call (the Gate is stale:
// its call was taken back and its slot reused) or the page is gone.
func (g *slotGate) move(s uint64) uint64 {
	g.page.mu.RLock()
	defer g.page.mu.RUnlock()
	if g.page.gone {
		return claimRecalled
	}
	w := g.page.word(g.seq)
	for {
		v := w.Load()
		if v>>claimShift != g.seq {
			return claimRecalled
		}
		if v&claimState != claimPending {
			return v & claimState
		}
		if w.CompareAndSwap(v, g.seq<<claimShift|s) {
			return s
		}
	}
}

// Cancel cancels the call if it has not started.
func (g *slotGate) Cancel() bool {
	st := g.move(claimCancelled)
	return st != claimRunning && st != claimDone
}

// Started reports whether the worker started the call.
func (g *slotGate) Started() bool {
	st := g.state()
	return st == claimRunning || st == claimDone
}

// state returns the word's state: claimRecalled if it is stale.
func (g *slotGate) state() uint64 {
	g.page.mu.RLock()
	defer g.page.mu.RUnlock()
	if g.page.gone {
		return claimRecalled
	}
	v := g.page.word(g.seq).Load()
	if v>>claimShift != g.seq {
		return claimRecalled
	}
	return v & claimState
}

// claimCall is what the worker does before running call seq: it moves the
// word from pending to running and reports whether it did. A call without
// a word (seq 0: sent already claimed) always runs.
func (c *claimPage) claimCall(seq uint64) bool {
	if seq == 0 {
		return true
	}
	if c == nil {
		return false // a call sent ahead to a worker without its page: a broken parent
	}
	return c.word(seq).CompareAndSwap(seq<<claimShift|claimPending, seq<<claimShift|claimRunning)
}

// keepResult is what the worker does after running call seq, if frame,
// its result frame, needs no earlier frame to be read: it copies the
// frame into the call's slot and moves the word to done. It reports
// whether it did; the frame may then be held back.
func (c *claimPage) keepResult(seq uint64, frame []byte) bool {
	if seq == 0 || c == nil || len(frame) > slotFrame {
		return false
	}
	n, area := c.frameArea(seq)
	copy(area, frame)
	n.Store(uint32(len(frame)))
	return c.word(seq).CompareAndSwap(seq<<claimShift|claimRunning, seq<<claimShift|claimDone)
}

// keptResult returns the result frame the worker kept in call seq's slot,
// once the worker is gone: a copy, or nil if the slot holds none.
func (g *slotGate) keptResult() []byte {
	g.page.mu.RLock()
	defer g.page.mu.RUnlock()
	if g.page.gone || g.page.word(g.seq).Load() != g.seq<<claimShift|claimDone {
		return nil
	}
	n, area := g.page.frameArea(g.seq)
	if k := int(n.Load()); k <= len(area) {
		return append([]byte(nil), area[:k]...)
	}
	return nil
}

// envClaims tells a worker that descriptor claimFD is its claim page.
const envClaims = "GOCURRENT_FUTURES_PROCESSPOOL_CLAIMS"
