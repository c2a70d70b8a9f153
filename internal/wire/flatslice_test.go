package wire_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/internal/wire"
)

type blob []byte

// oneValue sends v alone in a Result frame and returns its layout.
func oneValue[T any](t *testing.T, e *wire.Encoder, w *bytes.Buffer, v T) wire.Layout {
	t.Helper()
	e.Begin()
	l, err := wire.EncodeValue(e, v)
	require.NoError(t, err)
	e.Head(&wire.Result{ID: 1, Values: l})
	_, err = e.WriteTo(w)
	require.NoError(t, err)
	return l
}

func readOne[T any](t *testing.T, d *wire.Decoder) T {
	t.Helper()
	_, err := d.Next()
	require.NoError(t, err)
	var r wire.Result
	require.NoError(t, d.Head(&r))
	v, err := wire.DecodeValue[T](d, r.Values)
	require.NoError(t, err)
	require.NoError(t, d.End())
	return v
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>8)
	}
	return b
}

func TestLargeFlatSlices(t *testing.T) {
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	big := pattern(9 << 20) // above the size a decoder keeps its buffer for
	mid := pattern(100 << 10)
	floats := make([]float64, 1<<20)
	for i := range floats {
		floats[i] = float64(i) / 3
	}
	require.True(t, oneValue(t, e, &buf, big).Flat)
	require.True(t, oneValue(t, e, &buf, blob(mid)).Flat)
	require.True(t, oneValue(t, e, &buf, floats).Flat)
	require.False(t, oneValue(t, e, &buf, []byte("small")).Flat)
	require.True(t, oneValue(t, e, &buf, big[:5<<20]).Flat)
	gotBig := readOne[[]byte](t, d)
	gotMid := readOne[blob](t, d)
	gotFloats := readOne[[]float64](t, d)
	require.Equal(t, []byte("small"), readOne[[]byte](t, d))
	gotPart := readOne[[]byte](t, d)
	// Values read later did not overwrite the buffers of earlier ones.
	require.Equal(t, big, gotBig)
	require.Equal(t, blob(mid), gotMid)
	require.Equal(t, floats, gotFloats)
	require.Equal(t, big[:5<<20], gotPart)
	_, err := d.Next()
	require.Error(t, err)
}

func TestFlatSliceOfWrongType(t *testing.T) {
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	oneValue(t, e, &buf, pattern(5<<10+1))
	_, err := d.Next()
	require.NoError(t, err)
	var r wire.Result
	require.NoError(t, d.Head(&r))
	_, err = wire.DecodeValue[[]int64](d, r.Values) // 5121 bytes are no int64s
	require.ErrorIs(t, err, wire.ErrProtocol)
}
