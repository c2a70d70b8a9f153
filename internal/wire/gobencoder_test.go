package wire_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/internal/wire"
)

// handle encodes itself, as the handles of package shared do.
type handle struct{ n byte }

func (h *handle) GobEncode() ([]byte, error) { return []byte{h.n}, nil }

func (h *handle) GobDecode(b []byte) error {
	h.n = b[0]
	return nil
}

// TestPointerToGobEncoder: a value that is a pointer to a type with its
// own GobEncode (on which encoding/gob panics when handed a pointer to
// it) encodes, alone and several in one frame.
func TestPointerToGobEncoder(t *testing.T) {
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	require.Empty(t, frame(t, e, &buf, 1, []*handle{{7}}))
	require.Empty(t, frame(t, e, &buf, 2, []*handle{{8}, nil, {9}}))
	_, hs, err := readCall[*handle](t, d)
	require.NoError(t, err)
	require.Equal(t, []*handle{{7}}, hs)
	require.NoError(t, d.End())
	_, hs, err = readCall[*handle](t, d)
	require.NoError(t, err)
	require.Equal(t, []*handle{{8}, nil, {9}}, hs)
	h := &handle{1}
	require.NoError(t, wire.NewProbe().Value(&h), "a probe checks it as Submit does")
}
