package processpool_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/processpool"
)

func TestPipeWriter(t *testing.T) {
	pattern := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i * 7)
		}
		return b
	}
	newPipe := func(t *testing.T) (r, w *os.File) {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		t.Cleanup(func() { r.Close(); w.Close() })
		return r, w
	}
	t.Run("small writes leave the pipe as it is", func(t *testing.T) {
		r, w := newPipe(t)
		before, err := processpool.PipeCapacity(w)
		if runtime.GOOS != "linux" {
			require.Error(t, err)
			t.Skip("a pipe's size is fixed here")
		}
		require.NoError(t, err)
		pw := processpool.NewPipeWriter(w)
		want := pattern(processpool.PipeSize / 32)
		n, err := pw.Write(want)
		require.NoError(t, err)
		require.Equal(t, len(want), n)
		got := make([]byte, len(want))
		_, err = io.ReadFull(r, got)
		require.NoError(t, err)
		require.Equal(t, want, got)
		after, err := processpool.PipeCapacity(w)
		require.NoError(t, err)
		require.Equal(t, before, after)
	})
	t.Run("a large write grows the pipe and arrives whole", func(t *testing.T) {
		r, w := newPipe(t)
		want := pattern(3*processpool.PipeSize + 5)
		got := make(chan []byte)
		go func() {
			b := make([]byte, len(want))
			_, err := io.ReadFull(r, b)
			if err != nil {
				b = nil
			}
			got <- b
		}()
		n, err := processpool.NewPipeWriter(w).Write(want)
		require.NoError(t, err)
		require.Equal(t, len(want), n)
		require.True(t, bytes.Equal(want, <-got), "the bytes came through changed")
		size, err := processpool.PipeCapacity(w)
		if runtime.GOOS != "linux" {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		require.GreaterOrEqual(t, size, processpool.PipeSize)
	})
	t.Run("a file that cannot grow still gets every byte", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "frames")
		f, err := os.Create(path)
		require.NoError(t, err)
		defer f.Close()
		_, err = processpool.PipeCapacity(f)
		require.Error(t, err, "a regular file has no pipe size")
		want := pattern(2 * processpool.PipeSize)
		n, err := processpool.NewPipeWriter(f).Write(want)
		require.NoError(t, err)
		require.Equal(t, len(want), n)
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		require.True(t, bytes.Equal(want, got), "the bytes came through changed")
	})
}
