package shared

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
)

// proxy is what a Dict, List or Queue holds: where its Manager listens,
// the object's id there, and its type, checked when a proxy is decoded.
type proxy struct {
	addr string
	id   uint32
	typ  string
}

func (p proxy) request(o op) *frame { return newFrame(byte(o), p.id) }

func (p proxy) do(f *frame) (message, error) {
	if p.addr == "" {
		return message{}, ErrClosed
	}
	return clients.get(p.addr).do(f.bytes())
}

func (p proxy) doContext(ctx context.Context, f *frame) (message, error) {
	if p.addr == "" {
		return message{}, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return message{}, err
	}
	return clients.get(p.addr).doContext(ctx, f.bytes())
}

// encode is the proxy's gob encoding: the Manager's address, the id and
// the type.
func (p proxy) encode() ([]byte, error) {
	if p.addr == "" {
		return nil, ErrClosed
	}
	b := binary.AppendUvarint(nil, uint64(len(p.addr)))
	b = append(b, p.addr...)
	b = binary.LittleEndian.AppendUint32(b, p.id)
	return append(b, p.typ...), nil
}

func (p *proxy) decode(b []byte, typ string) error {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n+4 {
		return errors.New("shared: a malformed manager proxy")
	}
	addr := string(b[k : k+int(n)])
	b = b[k+int(n):]
	id, got := binary.LittleEndian.Uint32(b), string(b[4:])
	if got != typ {
		return fmt.Errorf("shared: a proxy of a %s decoded into a %s", got, typ)
	}
	p.addr, p.id, p.typ = addr, id, typ
	return nil
}
