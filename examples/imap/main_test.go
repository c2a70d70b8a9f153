package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gocurrent/futures/processpool"
)

func TestMain(m *testing.M) {
	processpool.Main()
	goleak.VerifyTestMain(m)
}

func TestOutput(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	require.Equal(t, "imap_unordered: f(0)=0 f(1)=1 f(2)=4 f(3)=9 f(4)=16 f(5)=25 f(6)=36 f(7)=49 f(8)=64 f(9)=81\nimap over an endless input: 0 1 4 9 16 25 36 49 64 81 100\n", out.String())
}
