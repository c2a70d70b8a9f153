package shared

import (
	"errors"
	"sync"

	"github.com/google/uuid"
)

var errKind = errors.New("shared: the handle is of another type than the one decoded into")

// segments holds the segments this process maps, by id, so that a handle
// decoded many times (once per task, say) maps its memory once. Each
// handle holds a reference; the last Close unmaps.
var segments = segmentTable{byID: map[uuid.UUID]*segment{}}

type segmentTable struct {
	mu   sync.Mutex
	byID map[uuid.UUID]*segment
}

// add records a new segment with one reference.
func (t *segmentTable) add(s *segment) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s.refs = 1
	t.byID[s.id] = s
}

// get returns a mapped segment with one more reference, or nil.
func (t *segmentTable) get(id uuid.UUID, kind uint64) *segment {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.byID[id]
	if s == nil || s.header().kind != kind {
		return nil
	}
	s.refs++
	return s
}

// addOrGet records a segment just mapped, unless another goroutine mapped
// it meanwhile: then it unmaps this one and returns that.
func (t *segmentTable) addOrGet(s *segment) *segment {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old := t.byID[s.id]; old != nil {
		_ = s.unmap()
		old.refs++
		return old
	}
	s.refs = 1
	t.byID[s.id] = s
	return s
}

// release drops a reference, and unmaps the segment with the last one.
func (t *segmentTable) release(s *segment) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s.refs--; s.refs > 0 {
		return nil
	}
	delete(t.byID, s.id)
	return s.unmap()
}
