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
	require.Equal(t, "[100 101 102 103 104 105 106 107 108 109]\n", out.String())
}
