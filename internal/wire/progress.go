package wire

// Progress tells the parent, while call ID runs, that its first Done items
// have ended (worker to parent). A worker sends it only for calls of more
// than one item that run long enough to be worth it; the Result frame
// still carries every outcome, and always comes after the call's last
// Progress.
type Progress struct {
	ID   uint64
	Done int
}

func (*Progress) kind() Kind { return KindProgress }

func (p *Progress) appendTo(b []byte) []byte { return putInt(putUint(b, p.ID), int64(p.Done)) }

func (p *Progress) readFrom(r *reader) { p.ID, p.Done = r.uint(), r.int() }
