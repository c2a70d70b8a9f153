package processpool_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// Values of fixed-size types cross as their memory; these tests check
// that they arrive as they left.

func init() {
	processpool.Register(scaleVec)
	processpool.Register(ramp)
}

type vec struct {
	X, Y float64
	N    int32
	Tag  [3]uint8
}

func scaleVec(_ context.Context, v vec) (vec, error) {
	return vec{X: 2 * v.X, Y: 2 * v.Y, N: v.N + 1, Tag: v.Tag}, nil
}

// ramp returns n floats 0, 0.5, 1, ...
func ramp(_ context.Context, n int) ([]float64, error) {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i) / 2
	}
	return out, nil
}

func TestFlatValues(t *testing.T) {
	p := newPool(t, processpool.WithMaxWorkers(2))
	in := make([]vec, 1000)
	for i := range in {
		in[i] = vec{X: float64(i), Y: -float64(i) / 3, N: int32(i), Tag: [3]uint8{byte(i), 1, 2}}
	}
	out, err := executor.MapAll(p, scaleVec, in, executor.WithChunkSize(64))
	require.NoError(t, err)
	for i, v := range out {
		require.Equal(t, vec{X: 2 * in[i].X, Y: 2 * in[i].Y, N: in[i].N + 1, Tag: in[i].Tag}, v)
	}
	fs, err := executor.Apply(p, ramp, 3<<20) // 24 MiB back
	require.NoError(t, err)
	require.Len(t, fs, 3<<20)
	for i, f := range fs {
		if f != float64(i)/2 {
			require.Equal(t, float64(i)/2, f, "item %d", i)
		}
	}
}
