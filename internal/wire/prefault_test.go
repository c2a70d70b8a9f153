package wire_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/internal/wire"
)

// oddReader returns its bytes in reads of odd sizes, then io.EOF.
type oddReader struct{ b []byte }

func (r *oddReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 777_777)], r.b)
	r.b = r.b[n:]
	return n, nil
}

func TestReadPrefaulted(t *testing.T) {
	t.Run("a large read arrives whole", func(t *testing.T) {
		want := pattern(5*wire.PrefaultChunk/2 + 3)
		got := make([]byte, len(want))
		require.NoError(t, wire.ReadPrefaulted(&oddReader{b: want}, got))
		require.True(t, bytes.Equal(want, got), "the bytes came through changed")
	})
	t.Run("a cut read fails", func(t *testing.T) {
		want := pattern(3 * wire.PrefaultChunk)
		got := make([]byte, len(want)+1)
		err := wire.ReadPrefaulted(&oddReader{b: want}, got)
		require.ErrorIs(t, err, io.ErrUnexpectedEOF)
		require.True(t, bytes.Equal(want, got[:len(want)]), "the bytes that came were changed")
	})
	t.Run("a small read", func(t *testing.T) {
		want := pattern(1000)
		got := make([]byte, len(want))
		require.NoError(t, wire.ReadPrefaulted(&oddReader{b: want}, got))
		require.Equal(t, want, got)
	})
}

func TestPopulateKeepsBytes(t *testing.T) {
	want := pattern(3<<20 + 5)
	b := bytes.Clone(want)
	_ = wire.Populate(b[1:]) // where it cannot, it fails and changes nothing
	require.True(t, bytes.Equal(want, b), "populate changed bytes")
}
