package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestOutput(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out, time.Second))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	// Lines come in completion order, which varies; the slow page, which
	// waits for the timeout, is always last.
	require.Equal(t, "'/slow' generated an exception: timed out", lines[len(lines)-1])
	slices.Sort(lines)
	require.Equal(t, []string{
		"'/bbc' page is 3072 bytes",
		"'/cnn' page is 2048 bytes",
		"'/foxnews' page is 5120 bytes",
		"'/nonexistent' generated an exception: HTTP Error 404: Not Found",
		"'/slow' generated an exception: timed out",
		"'/wsj' page is 4096 bytes",
	}, lines)
}
