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

def f(n, a):
    n.value = 3.14
    a[0] = 5

if __name__ == '__main__':
    num = multiprocessing.Value('d', 0.0)
    arr = multiprocessing.Array('i', range(10))
    p = multiprocessing.Process(target=f, args=(num, arr))
    p.start()
    p.join()
    print(num.value)
    print(arr[:])
`

const want = "3.14\n[5, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n"

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
