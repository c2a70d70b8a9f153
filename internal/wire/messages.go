package wire

// Kind is the type of a frame.
type Kind uint8

// The frame kinds.
const (
	KindHello    Kind = 1 + iota // worker to parent, first frame: a Hello
	KindCall                     // parent to worker: a Call, then its arguments
	KindCancel                   // parent to worker: a Cancel
	KindResult                   // worker to parent: a Result, then its values
	KindProgress                 // worker to parent: a Progress
)

func (k Kind) valid() bool { return k >= KindHello && k <= KindProgress }

// Magic and Version identify the protocol in a Hello.
const (
	Magic   = "gocurrent/futures/processpool"
	Version = 2
)

// Hello is the first frame a worker sends: who it is and what it speaks.
type Hello struct {
	Magic   string
	Version int
	PID     int
}

// Layout says how the values section holds a message's items: as one
// encoded slice (Bulk), as the memory of a slice of a flat type (Flat), or
// one value per item, leaving out the items listed in Absent (nil values,
// and values that could not be encoded), which the receiver sets to their
// zero value.
type Layout struct {
	Bulk   bool
	Flat   bool
	Absent []int
}

// Call asks a worker to run function Func on the arguments in the values
// section: one per claimed call of a task of N calls. Index lists the
// claimed calls' positions (nil: all N, in order). ID identifies the call's
// result and cancellation.
type Call struct {
	ID       uint64
	Func     string
	N        int
	Index    []int
	Deadline int64  // the calls' context deadline in Unix nanoseconds; 0: none
	Discard  bool   // send back errors only (an initializer)
	Claim    uint64 // the call's claim word (see processpool's claims.go); 0: none, the call is the worker's
	Values   Layout
}

// Count returns the number of items in the call's values section.
func (c *Call) Count() int {
	if c.Index != nil {
		return len(c.Index)
	}
	return c.N
}

// Cancel asks a worker to cancel the context of call ID. Expired says the
// context's deadline passed: a worker that knows the deadline lets its own
// context expire, so that the call sees context.DeadlineExceeded.
type Cancel struct {
	ID      uint64
	Expired bool
}

// Result carries the outcome of call ID: an Error per failed item and the
// other items' values in the values section (one per item of the Call, in
// its order). Retire says the worker exits after this frame.
type Result struct {
	ID     uint64
	Errs   []Error
	Values Layout
	Retire bool
	// Skipped says the call did not run: its claim word was no longer
	// pending. Such a result carries nothing else.
	Skipped bool
}

// ErrKind says what kind of failure an Error reports.
type ErrKind uint8

// The kinds of Error.
const (
	ErrReturned      ErrKind = 1 + iota // the function returned an error
	ErrPanicked                         // the function panicked
	ErrCancelled                        // skipped: the context ended first
	ErrEncode                           // the result cannot be encoded
	ErrDecode                           // the argument cannot be decoded
	ErrNotRegistered                    // the worker does not know the function
	ErrGoexit                           // the function called runtime.Goexit
)

// Error is a failed item of a Result. Item is its position in the Call's
// values. Type is the Go type of the error (or of the panic value), Msg its
// text, Stack the worker's stack, Known the keys of the well-known errors
// that errors.Is finds in it.
type Error struct {
	Item  int
	Kind  ErrKind
	Type  string
	Msg   string
	Stack string
	Known []string
}

// Header is a frame's header: Hello, Call, Cancel or Result.
type Header interface {
	kind() Kind
	appendTo(b []byte) []byte
	readFrom(r *reader)
}

func (*Hello) kind() Kind  { return KindHello }
func (*Call) kind() Kind   { return KindCall }
func (*Cancel) kind() Kind { return KindCancel }
func (*Result) kind() Kind { return KindResult }

func (h *Hello) appendTo(b []byte) []byte {
	b = putString(b, h.Magic)
	b = putInt(b, int64(h.Version))
	return putInt(b, int64(h.PID))
}

func (h *Hello) readFrom(r *reader) {
	h.Magic, h.Version, h.PID = r.string(), r.int(), r.int()
}

// A layout's first byte is 0, 1 for Bulk or 2 for Flat.
func (l *Layout) appendTo(b []byte) []byte {
	mode := byte(0)
	switch {
	case l.Flat:
		mode = 2
	case l.Bulk:
		mode = 1
	}
	return putInts(append(b, mode), l.Absent)
}

func (l *Layout) readFrom(r *reader) {
	mode := r.byte()
	if mode > 2 {
		r.fail("bad layout")
	}
	l.Bulk, l.Flat, l.Absent = mode == 1, mode == 2, r.ints()
}

func (c *Call) appendTo(b []byte) []byte {
	b = putUint(b, c.ID)
	b = putString(b, c.Func)
	b = putInt(b, int64(c.N))
	b = putInts(b, c.Index)
	b = putInt(b, c.Deadline)
	b = putBool(b, c.Discard)
	b = putUint(b, c.Claim)
	return c.Values.appendTo(b)
}

func (c *Call) readFrom(r *reader) {
	c.ID, c.Func, c.N, c.Index = r.uint(), r.string(), r.int(), r.ints()
	c.Deadline, c.Discard, c.Claim = r.int64(), r.bool(), r.uint()
	c.Values.readFrom(r)
}

func (c *Cancel) appendTo(b []byte) []byte { return putBool(putUint(b, c.ID), c.Expired) }

func (c *Cancel) readFrom(r *reader) { c.ID, c.Expired = r.uint(), r.bool() }

func (m *Result) appendTo(b []byte) []byte {
	b = putUint(b, m.ID)
	b = putUint(b, uint64(len(m.Errs)))
	for i := range m.Errs {
		b = m.Errs[i].appendTo(b)
	}
	b = m.Values.appendTo(b)
	return putBool(putBool(b, m.Retire), m.Skipped)
}

func (m *Result) readFrom(r *reader) {
	m.ID = r.uint()
	if n := r.count(); n > 0 {
		m.Errs = make([]Error, n)
		for i := range m.Errs {
			m.Errs[i].readFrom(r)
		}
	}
	m.Values.readFrom(r)
	m.Retire, m.Skipped = r.bool(), r.bool()
}

func (e *Error) appendTo(b []byte) []byte {
	b = putInt(b, int64(e.Item))
	b = append(b, byte(e.Kind))
	b = putString(b, e.Type)
	b = putString(b, e.Msg)
	b = putString(b, e.Stack)
	return putStrings(b, e.Known)
}

func (e *Error) readFrom(r *reader) {
	e.Item = r.int()
	if len(r.b) == 0 {
		r.fail("truncated error")
		return
	}
	e.Kind = ErrKind(r.b[0])
	r.b = r.b[1:]
	e.Type, e.Msg, e.Stack, e.Known = r.string(), r.string(), r.string(), r.strings()
}
