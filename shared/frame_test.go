package shared_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/shared"
)

// FuzzMessage: a Manager frame reads back as written, and garbage is an
// error, never a panic or a huge allocation.
func FuzzMessage(f *testing.F) {
	f.Add([]byte("k"), []byte("v"))
	f.Add([]byte{}, []byte{0, 1, 2})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		fields, err := shared.ParseMessage(shared.Frame(a, b))
		require.NoError(t, err)
		require.Equal(t, [][]byte{a, b}, normalise(fields))
		_, _ = shared.ParseMessage(append(a, b...)) // must not panic
	})
}

func normalise(fields [][]byte) [][]byte {
	for i, f := range fields {
		if f == nil {
			fields[i] = []byte{}
		}
	}
	return fields
}
