package wire_test

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"io"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/internal/wire"
)

type point struct{ X, Y int }

type unexported struct{ x int }

func init() { gob.Register(point{}) }

// frame encodes one Call frame of vals.
func frame[T any](t *testing.T, e *wire.Encoder, w io.Writer, id uint64, vals []T) map[int]error {
	t.Helper()
	e.Begin()
	l, bad := wire.EncodeValues(e, vals)
	e.Head(&wire.Call{ID: id, N: len(vals), Values: l})
	_, err := e.WriteTo(w)
	require.NoError(t, err)
	return bad
}

func readCall[T any](t *testing.T, d *wire.Decoder) (wire.Call, []T, error) {
	t.Helper()
	k, err := d.Next()
	require.NoError(t, err)
	require.Equal(t, wire.KindCall, k)
	var c wire.Call
	require.NoError(t, d.Head(&c))
	vals, err := wire.DecodeValues[T](d, c.Count(), c.Values)
	return c, vals, err
}

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	frame(t, e, &buf, 1, []point{{1, 2}, {3, 4}})
	frame(t, e, &buf, 2, []point{{5, 6}})
	frame(t, e, &buf, 3, []*point{{7, 8}, nil, {9, 10}})
	c, ps, err := readCall[point](t, d)
	require.NoError(t, err)
	require.Equal(t, uint64(1), c.ID)
	require.True(t, c.Values.Flat) // a struct of ints crosses as its memory
	require.Equal(t, []point{{1, 2}, {3, 4}}, ps)
	require.NoError(t, d.End())
	_, ps, err = readCall[point](t, d)
	require.NoError(t, err)
	require.Equal(t, []point{{5, 6}}, ps)
	_, pps, err := readCall[*point](t, d)
	require.NoError(t, err)
	require.Equal(t, []*point{{7, 8}, nil, {9, 10}}, pps)
	require.NoError(t, d.End())
	_, err = d.Next()
	require.ErrorIs(t, err, io.EOF)
}

func TestBadValueRestartsTheStream(t *testing.T) {
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	bad := frame(t, e, &buf, 1, []any{point{1, 2}, make(chan int), 3})
	require.Len(t, bad, 1)
	require.Error(t, bad[1])
	frame(t, e, &buf, 2, []any{point{3, 4}})
	_, vals, err := readCall[any](t, d)
	require.NoError(t, err)
	require.Equal(t, []any{point{1, 2}, nil, 3}, vals)
	_, vals, err = readCall[any](t, d)
	require.NoError(t, err)
	require.Equal(t, []any{point{3, 4}}, vals)
}

func TestSingleValueThatCannotBeEncoded(t *testing.T) {
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	bad := frame(t, e, &buf, 1, []unexported{{1}})
	require.Error(t, bad[0])
	frame(t, e, &buf, 2, []point{{1, 1}})
	_, _, err := readCall[unexported](t, d)
	require.NoError(t, err) // left out: decoded as the zero value
	_, ps, err := readCall[point](t, d)
	require.NoError(t, err)
	require.Equal(t, []point{{1, 1}}, ps)
}

func TestProbe(t *testing.T) {
	p := wire.NewProbe()
	require.NoError(t, p.Value(&point{1, 2}))
	require.Error(t, p.Value(make(chan int)))
	require.NoError(t, p.Value(&point{1, 2}))
}

func TestLargeFrame(t *testing.T) {
	r, w := io.Pipe()
	e, d := wire.NewEncoder(), wire.NewDecoder(r)
	big := bytes.Repeat([]byte("x"), 64<<20)
	go func() {
		frame(t, e, w, 1, [][]byte{big})
		frame(t, e, w, 2, [][]byte{[]byte("small")})
		w.Close()
	}()
	_, vals, err := readCall[[]byte](t, d)
	require.NoError(t, err)
	require.Equal(t, big, vals[0])
	_, vals, err = readCall[[]byte](t, d)
	require.NoError(t, err)
	require.Equal(t, "small", string(vals[0]))
}

func TestGarbage(t *testing.T) {
	for name, data := range map[string][]byte{
		"short length": {0, 0, 0, 2, 1, 0},
		"unknown kind": {0, 0, 0, 6, 99, 0, 0, 0, 0, 0},
		"unknown flag": {0, 0, 0, 6, 2, 0x80, 0, 0, 0, 0},
		"head too big": {0, 0, 0, 6, 2, 0, 0, 0, 0, 9},
		"cut frame":    {0, 0, 0, 100, 2, 0},
		"huge length":  {0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 0},
	} {
		t.Run(name, func(t *testing.T) {
			d := wire.NewDecoder(bytes.NewReader(data))
			_, err := d.Next()
			require.Error(t, err)
			require.True(t, errors.Is(err, wire.ErrProtocol) || errors.Is(err, io.ErrUnexpectedEOF), err)
		})
	}
	t.Run("bad head", func(t *testing.T) {
		data := binary.BigEndian.AppendUint32(nil, 10)
		data = append(data, byte(wire.KindCall), 0, 0, 0, 0, 4, 1, 2, 3, 4)
		d := wire.NewDecoder(bytes.NewReader(data))
		_, err := d.Next()
		require.NoError(t, err)
		require.ErrorIs(t, d.Head(&wire.Call{}), wire.ErrProtocol)
	})
}

type custom struct{}

func (custom) MarshalBinary() ([]byte, error) { return nil, nil }

func TestPlain(t *testing.T) {
	type rec struct {
		Next *rec
		N    int
		C    chan int
	}
	for _, c := range []struct {
		v    any
		want bool
	}{
		{0, true}, {"", true}, {[]byte(nil), true}, {point{}, true}, {rec{}, false}, {map[string][]int(nil), true},
		{struct{ A, B point }{}, true}, {unexported{}, false},
		{[]*int(nil), false}, {[]any(nil), false}, {custom{}, false}, {map[string]*int(nil), false}, {struct{ X any }{}, false},
	} {
		v, want := c.v, c.want
		require.Equal(t, want, wire.Plain(reflect.TypeOf(v)), "%T", v)
	}
}

// TestAbandonedFrame encodes values for a frame that is never written: the
// next frame must still carry the descriptions of their types.
func TestAbandonedFrame(t *testing.T) {
	var buf bytes.Buffer
	e, d := wire.NewEncoder(), wire.NewDecoder(&buf)
	e.Begin()
	_, bad := wire.EncodeValues(e, []point{{1, 2}, {3, 4}})
	require.Empty(t, bad)
	// abandoned: no Head, no WriteTo
	frame(t, e, &buf, 2, []point{{5, 6}, {7, 8}})
	_, ps, err := readCall[point](t, d)
	require.NoError(t, err)
	require.Equal(t, []point{{5, 6}, {7, 8}}, ps)
}

// TestStalledFrame announces a frame of 4 GiB and sends nothing more: with
// a stall timeout, the decoder gives up instead of waiting for ever.
func TestStalledFrame(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	_, err = w.Write([]byte{0xff, 0xff, 0xff, 0xff, byte(wire.KindResult), 0, 0, 0, 0, 0, 'x'})
	require.NoError(t, err)
	d := wire.NewDecoder(r)
	d.SetStallTimeout(200 * time.Millisecond)
	start := time.Now()
	_, err = d.Next()
	require.ErrorIs(t, err, wire.ErrProtocol)
	require.Less(t, time.Since(start), 10*time.Second)
}

// TestSlowFrameStart waits longer than the stall timeout for a frame to
// begin: only a frame that began is bounded.
func TestSlowFrameStart(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	e := wire.NewEncoder()
	go func() {
		time.Sleep(300 * time.Millisecond)
		e.Begin()
		l, _ := wire.EncodeValues(e, []point{{1, 2}})
		e.Head(&wire.Call{ID: 1, N: 1, Values: l})
		_, _ = e.WriteTo(w)
	}()
	d := wire.NewDecoder(r)
	d.SetStallTimeout(50 * time.Millisecond)
	_, ps, err := readCall[point](t, d)
	require.NoError(t, err)
	require.Equal(t, []point{{1, 2}}, ps)
}

func TestCheck(t *testing.T) {
	type node struct {
		Next *node
		Kids []any
		M    map[string]*node
	}
	a := &node{}
	a.Next = &node{Next: a}
	s := []any{nil}
	s[0] = s
	m := &node{M: map[string]*node{}}
	m.M["self"] = m
	var deep *node
	for range wire.MaxDepth {
		deep = &node{Next: deep}
	}
	shared := &node{}
	for name, c := range map[string]struct {
		v    any
		want string
	}{
		"pointer cycle":      {a, "cyclic"},
		"slice cycle":        {&s, "cyclic"},
		"map cycle":          {m, "cyclic"},
		"too deep":           {deep, "deeper"},
		"unexported field":   {&unexported{}, "unexported field x"},
		"behind interface":   {&[]any{unexported{}}, "unexported field x"},
		"shared, not cyclic": {&node{Kids: []any{shared, shared}}, ""},
		"plain":              {&point{1, 2}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			err := wire.Check(c.v)
			if c.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, c.want)
			require.Error(t, wire.NewProbe().Value(c.v), "the encoders check too")
		})
	}
}

func TestReady(t *testing.T) {
	r, w := io.Pipe()
	d := wire.NewDecoder(r)
	e := wire.NewEncoder()
	frame := func() []byte {
		var b bytes.Buffer
		e.Begin()
		e.Head(&wire.Cancel{ID: 1})
		_, err := e.WriteTo(&b)
		require.NoError(t, err)
		return b.Bytes()
	}
	two := append(frame(), frame()...)
	go func() {
		_, _ = w.Write(two[:len(two)-1]) // the second frame cut short
		_, _ = w.Write(two[len(two)-1:])
		w.Close()
	}()
	require.False(t, d.Ready(), "nothing buffered yet")
	k, err := d.Next()
	require.NoError(t, err)
	require.Equal(t, wire.KindCancel, k)
	var c wire.Cancel
	require.NoError(t, d.Head(&c))
	require.NoError(t, d.End())
	require.False(t, d.Ready(), "the second frame is not whole yet")
	_, err = d.Next()
	require.NoError(t, err)
}
