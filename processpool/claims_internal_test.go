//go:build unix

package processpool

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestClaimWordDone walks a claim word through a call that ran and kept
// its result frame: once done, the call is started for its future, can no
// longer be cancelled or taken back, and its frame can be read back from
// the slot until the page goes.
func TestClaimWordDone(t *testing.T) {
	page, f, err := newClaimPage()
	require.NoError(t, err)
	f.Close()
	defer page.release()

	const seq = claimSlots + 3 // a reused slot
	g := page.newGate(seq)
	require.False(t, g.Started())
	require.Nil(t, g.keptResult(), "a pending call kept no result")
	require.False(t, page.keepResult(seq, []byte("early")), "only a running call keeps a result")

	require.True(t, page.claimCall(seq))
	require.True(t, g.Started())
	frame := []byte("a result frame")
	require.True(t, page.keepResult(seq, frame))
	require.Equal(t, claimDone, g.state())
	require.True(t, g.Started(), "a call that ran is started")
	require.False(t, g.Cancel(), "a call that ran cannot be cancelled")
	require.Equal(t, claimDone, g.move(claimRecalled), "nor taken back")
	require.Equal(t, frame, g.keptResult())

	require.False(t, page.keepResult(seq+1, make([]byte, slotFrame+1)), "a frame larger than the slot is not kept")
	stale := page.newGate(seq + claimSlots) // the slot's next call
	require.Nil(t, g.keptResult(), "a stale Gate reads no frame")
	require.Equal(t, claimRecalled, g.state())
	require.Nil(t, stale.keptResult())

	page.release()
	require.Nil(t, stale.keptResult(), "nothing is read once the page is gone")
}
