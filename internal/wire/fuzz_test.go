package wire_test

import (
	"bytes"
	"testing"

	"github.com/gocurrent/futures/internal/wire"
)

// FuzzDecoder feeds arbitrary bytes to the decoder as a worker reads them:
// it must return errors, never panic or hang, and never allocate far more
// than it was given.
func FuzzDecoder(f *testing.F) {
	var buf bytes.Buffer
	e := wire.NewEncoder()
	e.Begin()
	l, _ := wire.EncodeValues(e, []int{1, 2, 3})
	e.Head(&wire.Call{ID: 1, Func: "main.double", N: 3, Values: l})
	_, _ = e.WriteTo(&buf)
	e.Begin()
	l, _ = wire.EncodeValues(e, []*int{nil, new(int)})
	e.Head(&wire.Call{ID: 2, Func: "main.double", N: 5, Index: []int{1, 3}, Values: l})
	_, _ = e.WriteTo(&buf)
	e.Begin()
	e.Head(&wire.Cancel{ID: 2})
	_, _ = e.WriteTo(&buf)
	e.Begin()
	l, _ = wire.EncodeValues(e, []string{"a", "b"})
	e.Head(&wire.Result{ID: 2, Values: l, Errs: []wire.Error{{Item: 1, Kind: wire.ErrReturned, Type: "*errors.errorString",
		Msg: "boom", Stack: "goroutine 1", Known: []string{"*errors.errorString EOF"}}}})
	_, _ = e.WriteTo(&buf)
	e.Begin()
	e.Head(&wire.Hello{Magic: wire.Magic, Version: wire.Version, PID: 42})
	_, _ = e.WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Add([]byte{0, 0, 0, 6, 2, 1, 0, 0, 0, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		d := wire.NewDecoder(bytes.NewReader(data))
		for range 16 {
			k, err := d.Next()
			if err != nil {
				return
			}
			if !readFrame(d, k) {
				return
			}
		}
	})
}

// readFrame decodes a frame as the worker and the parent do; false means
// the connection is to be dropped.
func readFrame(d *wire.Decoder, k wire.Kind) bool {
	switch k {
	case wire.KindCall:
		var c wire.Call
		if d.Head(&c) != nil {
			return false
		}
		if _, err := wire.DecodeValues[int](d, c.Count(), c.Values); err != nil {
			return false
		}
	case wire.KindCancel:
		if d.Head(&wire.Cancel{}) != nil {
			return false
		}
	case wire.KindResult:
		var r wire.Result
		if d.Head(&r) != nil {
			return false
		}
	case wire.KindHello:
		if d.Head(&wire.Hello{}) != nil {
			return false
		}
	}
	return d.End() == nil
}
