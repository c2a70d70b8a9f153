package main

import (
	"bytes"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gocurrent/futures/processpool"
)

func TestMain(m *testing.M) {
	processpool.Main()
	goleak.VerifyTestMain(m)
}

// python is the tutorial's program in Python 3.
const python = `
import multiprocessing

def f(x, arr, l):
    x.value = 3.14
    arr[0] = 5
    l.append('hello')

if __name__ == '__main__':
    server = multiprocessing.Manager()
    x = server.Value('d', 0.0)
    arr = server.Array('i', range(10))
    l = server.list()
    proc = multiprocessing.Process(target=f, args=(x, arr, l))
    proc.start()
    proc.join()
    print(x.value)
    print(arr)
    print(l)
`

const want = "3.14\narray('i', [5, 1, 2, 3, 4, 5, 6, 7, 8, 9])\n['hello']\n"

func TestOutput(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	require.Equal(t, want, out.String())
}

// TestSameAsPython runs the Python original, where there is a python3.
func TestSameAsPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	got, err := exec.Command(py, "-c", python).Output()
	require.NoError(t, err)
	require.Equal(t, want, string(got))
}
