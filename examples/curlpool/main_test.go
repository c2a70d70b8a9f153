package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestOutput(t *testing.T) {
	if _, err := downloader(t.TempDir()); err != nil {
		t.Skip(err)
	}
	var out bytes.Buffer
	require.NoError(t, run(&out, nil))
	require.Equal(t, "a.txt: contents of /a.txt\nb.txt: contents of /b.txt\nc.txt: contents of /c.txt\nd.txt: contents of /d.txt\nfailed: missing.txt\n", out.String())
}

func TestSkipsWithoutTools(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var out bytes.Buffer
	require.NoError(t, run(&out, nil))
	require.Equal(t, "skipped: neither curl nor wget is installed\n", out.String())
}
