package bench_test

import (
	"bufio"
	"encoding/gob"
	"fmt"
	"os"
	"os/exec"
	"sync"
)

// The bare baseline of the process-pool targets: a child process
// re-executed from the benchmark binary that decodes gob requests from one
// pipe (descriptor 3) and answers each on another (descriptor 4), with no
// pool and no futures in the way.

// envBareChild marks a process started by startBare.
const envBareChild = "FUTURES_BENCH_BARE_CHILD"

type bareRequest struct {
	ID uint64
	X  int
}

type bareReply struct {
	ID uint64
	Y  int
}

// bareChildMain serves requests and exits if this process is a bare
// child, and returns at once otherwise.
func bareChildMain() {
	if os.Getenv(envBareChild) == "" {
		return
	}
	in := bufio.NewReader(os.NewFile(3, "requests"))
	out := bufio.NewWriter(os.NewFile(4, "replies"))
	dec, enc := gob.NewDecoder(in), gob.NewEncoder(out)
	for {
		var q bareRequest
		if err := dec.Decode(&q); err != nil {
			os.Exit(0) // the parent closed the pipe
		}
		if err := enc.Encode(bareReply{ID: q.ID, Y: q.X * 2}); err != nil {
			os.Exit(1)
		}
		// Answer at once when no request is waiting; otherwise batch the
		// replies, as a pipelined server does.
		if in.Buffered() == 0 {
			if err := out.Flush(); err != nil {
				os.Exit(1)
			}
		}
	}
}

// bare is the parent's end of one bare child.
type bare struct {
	cmd *exec.Cmd
	to  *os.File
	w   *bufio.Writer
	enc *gob.Encoder
	dec *gob.Decoder
	id  uint64

	replies chan bareReply // see handoff
}

// startBare starts a bare child.
func startBare() (*bare, error) {
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, err
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envBareChild+"=1")
	cmd.ExtraFiles = []*os.File{reqR, repW}
	cmd.Stderr = os.Stderr
	err = cmd.Start()
	reqR.Close()
	repW.Close()
	if err != nil {
		reqW.Close()
		repR.Close()
		return nil, err
	}
	w := bufio.NewWriter(reqW)
	return &bare{cmd: cmd, to: reqW, w: w, enc: gob.NewEncoder(w),
		dec: gob.NewDecoder(bufio.NewReader(repR))}, nil
}

// call is one round trip: x goes to the child, x*2 comes back.
func (c *bare) call(x int) (int, error) {
	c.id++
	if err := c.enc.Encode(bareRequest{ID: c.id, X: x}); err != nil {
		return 0, err
	}
	if err := c.w.Flush(); err != nil {
		return 0, err
	}
	var r bareReply
	if err := c.dec.Decode(&r); err != nil {
		return 0, err
	}
	if r.ID != c.id || r.Y != 2*x {
		return 0, fmt.Errorf("bare child: reply %+v to request %d (%d)", r, c.id, x)
	}
	return r.Y, nil
}

// pipeline sends n requests while it reads their replies on another
// goroutine, as fast as the pipes go.
func (c *bare) pipeline(n int) error {
	errc := make(chan error, 1)
	first := c.id + 1
	go func() {
		for i := range n {
			var r bareReply
			if err := c.dec.Decode(&r); err != nil {
				errc <- err
				return
			}
			if r.ID != first+uint64(i) {
				errc <- fmt.Errorf("bare child: reply %d, want %d", r.ID, first+uint64(i))
				return
			}
		}
		errc <- nil
	}()
	var werr error
	for i := range n {
		c.id++
		if werr = c.enc.Encode(bareRequest{ID: c.id, X: i}); werr != nil {
			break
		}
	}
	if werr == nil {
		werr = c.w.Flush()
	}
	rerr := <-errc
	if werr != nil {
		return werr
	}
	return rerr
}

// close ends the child: it exits when its request pipe closes.
func (c *bare) close() error {
	c.to.Close()
	err := c.cmd.Wait()
	if c.replies != nil {
		for range c.replies { // the reader ends at the end of the pipe
		}
	}
	return err
}

// pipelineAll runs n requests pipelined over children, split evenly.
func pipelineAll(children []*bare, n int) error {
	var wg sync.WaitGroup
	errs := make([]error, len(children))
	for i, c := range children {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.pipeline(n / len(children))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// handoff makes c's replies arrive through a reader goroutine, as a pool
// delivers its results: callHandoff then waits on a channel instead of the
// pipe. It measures what that hand-off costs; close ends the reader.
func (c *bare) handoff() {
	c.replies = make(chan bareReply, 1)
	go func() {
		defer close(c.replies)
		for {
			var r bareReply
			if err := c.dec.Decode(&r); err != nil {
				return
			}
			c.replies <- r
		}
	}()
}

// callHandoff is call with the reply read by the goroutine of handoff.
func (c *bare) callHandoff(x int) (int, error) {
	c.id++
	if err := c.enc.Encode(bareRequest{ID: c.id, X: x}); err != nil {
		return 0, err
	}
	if err := c.w.Flush(); err != nil {
		return 0, err
	}
	r, ok := <-c.replies
	if !ok || r.ID != c.id || r.Y != 2*x {
		return 0, fmt.Errorf("bare child: reply %+v to request %d (%d)", r, c.id, x)
	}
	return r.Y, nil
}
