package wire_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/internal/wire"
)

type sample struct {
	A int8
	B int64
	C float32
	D [3]uint16
	E complex128
}

type withBool struct {
	A int
	B bool
}

type withHidden struct {
	A int
	b int
}

type embedded struct {
	point
	Z int
}

func TestFlatTypes(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[int](), reflect.TypeFor[uint8](), reflect.TypeFor[float64](),
		reflect.TypeFor[complex64](), reflect.TypeFor[point](), reflect.TypeFor[sample](),
		reflect.TypeFor[[4]float32](), reflect.TypeFor[time.Duration](),
	} {
		require.True(t, wire.Flat(typ), "%v", typ)
	}
	for _, typ := range []reflect.Type{
		reflect.TypeFor[bool](), reflect.TypeFor[uintptr](), reflect.TypeFor[string](),
		reflect.TypeFor[*int](), reflect.TypeFor[[]int](), reflect.TypeFor[struct{}](),
		reflect.TypeFor[[0]int](), reflect.TypeFor[withBool](), reflect.TypeFor[withHidden](),
		reflect.TypeFor[embedded](), reflect.TypeFor[time.Time](), reflect.TypeFor[any](),
		reflect.TypeFor[map[int]int](),
	} {
		require.False(t, wire.Flat(typ), "%v", typ)
	}
}

// flatRoundTrip sends vals in one frame and reads them back.
func flatRoundTrip[T any](t *testing.T, vals []T) []T {
	t.Helper()
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	frame(t, e, &buf, 1, vals)
	c, got, err := readCall[T](t, d)
	require.NoError(t, err)
	require.True(t, c.Values.Flat, "flat values, one or many, cross as their memory")
	require.NoError(t, d.End())
	return got
}

func TestFlatRoundTrip(t *testing.T) {
	ints := []int{0, 1, -1, math.MaxInt, math.MinInt}
	require.Equal(t, ints, flatRoundTrip(t, ints))
	floats := []float64{0, math.Inf(1), -0.5, math.SmallestNonzeroFloat64}
	require.Equal(t, floats, flatRoundTrip(t, floats))
	samples := []sample{{A: -1, B: 2, C: 3.5, D: [3]uint16{4, 5, 6}, E: complex(7, 8)}, {}, {A: 9}}
	require.Equal(t, samples, flatRoundTrip(t, samples))
	require.Equal(t, []int{42}, flatRoundTrip(t, []int{42}))
	// Values of other types around flat ones keep their gob stream.
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	frame(t, e, &buf, 1, []string{"a", "b"})
	frame(t, e, &buf, 2, []int{1, 2, 3})
	frame(t, e, &buf, 3, []string{"c", "d"})
	_, s, err := readCall[string](t, d)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, s)
	_, n, err := readCall[int](t, d)
	require.NoError(t, err)
	require.Equal(t, []int{1, 2, 3}, n)
	_, s, err = readCall[string](t, d)
	require.NoError(t, err)
	require.Equal(t, []string{"c", "d"}, s)
}

func TestFlatValuesOfWrongSize(t *testing.T) {
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	frame(t, e, &buf, 1, []int32{1, 2, 3})
	_, _, err := readCall[int64](t, d) // 12 bytes cannot hold 3 int64s
	require.ErrorIs(t, err, wire.ErrProtocol)
	frame(t, e, &buf, 2, []int64{1, 2})
	_, _, err = readCall[string](t, d) // strings never cross flat
	require.ErrorIs(t, err, wire.ErrProtocol)
}

// FuzzFlat checks that flat values of any bytes cross unchanged, and that
// a call announcing more values than its flat section holds is a protocol
// error.
func FuzzFlat(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, uint8(0))
	f.Add(bytes.Repeat([]byte{0xff}, 40), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, extra uint8) {
		n := len(data) / 8
		if n < 2 {
			return // one value crosses as gob
		}
		vals := make([]uint64, n)
		for i := range vals {
			vals[i] = binary.LittleEndian.Uint64(data[8*i:])
		}
		var buf bytes.Buffer
		e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
		e.Begin()
		l, bad := wire.EncodeValues(e, vals)
		require.Empty(t, bad)
		require.True(t, l.Flat)
		e.Head(&wire.Call{ID: 1, N: n + int(extra%3), Values: l})
		_, err := e.WriteTo(&buf)
		require.NoError(t, err)
		_, got, err := readCall[uint64](t, d)
		if extra%3 != 0 {
			require.ErrorIs(t, err, wire.ErrProtocol)
			return
		}
		require.NoError(t, err)
		require.Equal(t, vals, got)
		require.NoError(t, d.End())
	})
}

// TestFlatOne sends single flat values as their memory, and other single
// values as before.
func TestFlatOne(t *testing.T) {
	type point struct{ X, Y float64 }
	e := wire.NewEncoder()
	var buf bytes.Buffer
	send := func(l wire.Layout) {
		e.Head(&wire.Result{ID: 1, Values: l})
		_, err := e.WriteTo(&buf)
		require.NoError(t, err)
	}
	e.Begin()
	l, err := wire.EncodeValue(e, -42)
	require.NoError(t, err)
	require.True(t, l.Flat, "an int crosses as its memory")
	send(l)
	e.Begin()
	lp, err := wire.EncodeValue(e, point{1.5, -2})
	require.NoError(t, err)
	require.True(t, lp.Flat)
	send(lp)
	e.Begin()
	ls, err := wire.EncodeValue(e, "text")
	require.NoError(t, err)
	require.False(t, ls.Flat, "a string is gob")
	send(ls)
	dec := wire.NewDecoder(&buf)
	var r wire.Result
	next := func() {
		_, err := dec.Next()
		require.NoError(t, err)
		require.NoError(t, dec.Head(&r))
	}
	next()
	v, err := wire.DecodeValue[int](dec, r.Values)
	require.NoError(t, err)
	require.Equal(t, -42, v)
	require.NoError(t, dec.End())
	next()
	p, err := wire.DecodeValue[point](dec, r.Values)
	require.NoError(t, err)
	require.Equal(t, point{1.5, -2}, p)
	require.NoError(t, dec.End())
	next()
	s, err := wire.DecodeValue[string](dec, r.Values)
	require.NoError(t, err)
	require.Equal(t, "text", s)
	require.NoError(t, dec.End())
}
