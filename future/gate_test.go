package future_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/internal/claim"
)

// word is a claim word: 0 pending, 1 started, 2 cancelled.
type word struct {
	v       atomic.Int32
	cancels atomic.Int32
}

func (w *word) Cancel() bool {
	w.cancels.Add(1)
	return w.v.CompareAndSwap(0, 2) || w.v.Load() == 2
}

func (w *word) Started() bool { return w.v.Load() == 1 }

func TestGateDecidesCancel(t *testing.T) {
	f := future.New[int]()
	w := &word{}
	require.True(t, claim.Attach(f, w))
	assert.False(t, f.Running())
	assert.True(t, f.Cancel(), "the word was pending: Cancel wins")
	assert.True(t, f.Cancelled())
	assert.Equal(t, int32(2), w.v.Load(), "Cancel moved the word")
	assert.False(t, claim.Attach(f, &word{}), "a done future takes no gate")
}

func TestGateStartedElsewhere(t *testing.T) {
	f := future.New[int]()
	w := &word{}
	require.True(t, claim.Attach(f, w))
	w.v.Store(1) // the other process started the call
	assert.True(t, f.Running(), "Running asks the word")
	assert.Contains(t, f.String(), "state=running")
	assert.False(t, f.Cancel(), "a started call cannot be cancelled")
	assert.False(t, f.Done())
	assert.False(t, f.Cancelled())
	// The executor learns of the start later; the future was kept pending
	// for it.
	require.True(t, f.SetRunning())
	n := w.cancels.Load()
	assert.False(t, f.Cancel())
	assert.Equal(t, n, w.cancels.Load(), "a running future no longer asks its gate")
	require.NoError(t, f.SetResult(7))
	v, err := f.Result(0)
	require.NoError(t, err)
	assert.Equal(t, 7, v)
}

func TestGateDetached(t *testing.T) {
	f := future.New[string]()
	w := &word{}
	w.v.Store(1)
	require.True(t, claim.Attach(f, w))
	assert.True(t, f.Running())
	require.True(t, claim.Attach(f, nil), "taken back to be sent elsewhere")
	assert.False(t, f.Running())
	assert.True(t, strings.Contains(f.String(), "state=pending"))
	assert.True(t, f.Cancel())
	assert.Equal(t, int32(0), w.cancels.Load(), "a detached gate is not asked")
}
