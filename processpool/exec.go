package processpool

import (
	"os"
	"os/exec"
)

// startProcess starts exe as a worker process (a pool's or Start's) with
// env, its stdout and stderr the parent's, and the two protocol pipes as
// its fds 3 (calls in) and 4 (results out). It returns the parent's ends:
// toW to write calls, fromR to read results. On error nothing is left
// open.
func startProcess(exe string, env []string, extra ...*os.File) (cmd *exec.Cmd, toW, fromR *os.File, err error) {
	toR, toW, err := os.Pipe()
	if err != nil {
		return nil, nil, nil, err
	}
	fromR, fromW, err := os.Pipe()
	if err != nil {
		toR.Close()
		toW.Close()
		return nil, nil, nil, err
	}
	cmd = exec.Command(exe)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.ExtraFiles = append([]*os.File{toR, fromW}, extra...) // fds 3 and 4 in the process, then extra
	cmd.SysProcAttr = sysProcAttr()
	err = cmd.Start()
	toR.Close()
	fromW.Close()
	if err != nil {
		toW.Close()
		fromR.Close()
		return nil, nil, nil, err
	}
	return cmd, toW, fromR, nil
}
