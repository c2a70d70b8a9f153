package processpool

import (
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/gocurrent/futures/internal/wire"
)

// procConn is the parent's side of a Process: its command and pipes, and
// the task it runs. Only the goroutine of run uses it.
type procConn struct {
	pd     pending
	enc    *wire.Encoder
	cmd    *exec.Cmd
	toW    *os.File
	fromW  *os.File
	dec    *wire.Decoder
	setCmd func(*exec.Cmd)
	exited func() error // marks the process exited (Kill leaves it alone); returns why it was killed
	done   chan struct{}
}

// start starts the process with its two pipes.
func (c *procConn) start(exe string) error {
	cmd, toW, fromR, err := startProcess(exe, workerEnv())
	if err != nil {
		return fmt.Errorf("processpool: cannot start a process: %w", err)
	}
	c.cmd, c.toW, c.fromW = cmd, toW, fromR
	c.dec = wire.NewDecoder(fromR)
	c.setCmd(cmd)
	return nil
}

// send reads the process's hello and writes its call.
func (c *procConn) send() error {
	pid := c.cmd.Process.Pid
	k, err := c.dec.Next()
	var h wire.Hello
	if err == nil && k != wire.KindHello {
		err = fmt.Errorf("%w: first frame of kind %d", wire.ErrProtocol, k)
	}
	if err == nil {
		err = c.dec.Head(&h)
	}
	if err == nil {
		err = c.dec.End()
	}
	if err == nil && (h.Magic != wire.Magic || h.Version != wire.Version || h.PID != pid) {
		err = fmt.Errorf("it is not a worker of this version (%q version %d pid %d)", h.Magic, h.Version, h.PID)
	}
	if err != nil {
		return fmt.Errorf("processpool: process %d failed its handshake: %w", pid, err)
	}
	if !c.pd.claim() {
		return errors.New("processpool: the call was cancelled before it started")
	}
	if _, err := c.enc.WriteTo(newPipeWriter(c.toW)); err != nil {
		if errors.Is(err, wire.ErrTooLarge) {
			return fmt.Errorf("%w: the argument of %s is larger than 4 GiB", ErrEncoding, shortName(c.pd.e.name()))
		}
		return fmt.Errorf("processpool: process %d exited before it got its call: %w", pid, err)
	}
	return nil
}

// receive reads the result frame and returns what resolves the future, or
// nil if the process ended without sending a valid one.
func (c *procConn) receive() func() {
	k, err := c.dec.Next()
	if err != nil || k != wire.KindResult {
		return nil
	}
	var r wire.Result
	if err := c.dec.Head(&r); err != nil || r.ID != 1 {
		return nil
	}
	inf := &inflight{pending: c.pd, id: 1}
	// If the values were bad, apply fails the call with the reason.
	apply, _ := c.pd.e.receive(c.dec, &r, inf, c.cmd.Process.Pid)
	return apply
}

func (c *procConn) kill() { killProcess(c.cmd.Process) }

// wait reaps the process and closes the pipes. It marks the process
// exited between its exit and its reaping, and returns why it was killed.
func (c *procConn) wait() (*os.ProcessState, string, error) {
	waitExited(c.cmd.Process.Pid)
	cause := c.exited()
	err := c.cmd.Wait()
	c.toW.Close()
	c.fromW.Close()
	if c.cmd.ProcessState != nil {
		return c.cmd.ProcessState, c.cmd.ProcessState.String(), cause
	}
	return nil, err.Error(), cause
}
