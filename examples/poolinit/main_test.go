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
	require.Equal(t, "[1000 1001 1002 1003 1004]\noffset in the parent: 0\n", out.String())
}
