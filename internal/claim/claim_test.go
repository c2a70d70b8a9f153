package claim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"

	"github.com/gocurrent/futures/internal/claim"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// word is a Gate: started or not, and cancelled by Cancel if not.
type word struct{ started, cancelled bool }

func (w *word) Cancel() bool {
	w.cancelled = !w.started
	return w.cancelled
}

func (w *word) Started() bool { return w.started }

func TestHolder(t *testing.T) {
	var h claim.Holder
	assert.False(t, h.StartedElsewhere(), "no gate: nothing started elsewhere")
	w := &word{}
	h.Set(w)
	assert.False(t, h.StartedElsewhere())
	assert.True(t, w.cancelled, "asking cancels a call that has not started")
	started := &word{started: true}
	h.Set(started)
	assert.True(t, h.StartedElsewhere())
	h.Set(nil)
	assert.False(t, h.StartedElsewhere(), "a dropped gate is not asked")
}
