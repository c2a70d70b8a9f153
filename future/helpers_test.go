package future_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"log"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/future"
)

const (
	// long bounds every wait for something that must happen; it only
	// matters when a test fails, so it is generous.
	long = 10 * time.Second
	// short is used only as the timeout of waits on futures that never
	// complete, so a slow machine cannot make a test flaky.
	short = 50 * time.Millisecond
)

var (
	errBoom  = errors.New("boom")
	errOther = errors.New("other")
)

// goid returns the id of the calling goroutine, read from the header line
// "goroutine 18 [running]:" of its stack. Tests use it only to tell
// goroutines apart.
func goid() uint64 {
	var buf [64]byte
	s := strings.TrimPrefix(string(buf[:runtime.Stack(buf[:], false)]), "goroutine ")
	id, err := strconv.ParseUint(s[:strings.IndexByte(s, ' ')], 10, 64)
	if err != nil {
		panic("cannot parse goroutine id: " + err.Error())
	}
	return id
}

// within runs fn in a new goroutine and fails the test if it has not
// returned after long, so that a deadlock fails instead of hanging. fn must
// not call t.FailNow (require); it hands its findings back instead.
func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(long):
		t.Fatalf("%s did not return within %v (deadlock?)", what, long)
	}
}

// isClosed reports whether ch is closed, without blocking.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// requireClosedSoon fails unless ch is closed within long.
func requireClosedSoon(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(long):
		t.Fatalf("channel not closed within %v", long)
	}
}

// stateOf names the state of f as seen through its public predicates, and
// checks that they agree with each other and with DoneChan.
func stateOf[T any](t *testing.T, f *future.Future[T]) string {
	t.Helper()
	require.Equal(t, f.Done(), isClosed(f.DoneChan()), "Done and DoneChan disagree")
	switch {
	case f.Cancelled():
		require.True(t, f.Done(), "cancelled but not done")
		require.False(t, f.Running(), "cancelled and running")
		return "cancelled"
	case f.Running():
		require.False(t, f.Done(), "running and done")
		return "running"
	case f.Done():
		return "finished"
	default:
		return "pending"
	}
}

// lockedBuffer is a bytes.Buffer safe for the goroutine that logs and the
// test that reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records decodes the JSON log lines written so far.
func (b *lockedBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b.buf.Bytes()))
	for sc.Scan() {
		var rec map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &rec), "log line %q", sc.Text())
		out = append(out, rec)
	}
	return out
}

// captureLog points the default slog logger at a JSON handler writing to
// the returned buffer until the test ends. slog.SetDefault also redirects
// the log package, so its writer and flags are restored as well. Tests that
// use it must not run in parallel.
func captureLog(t *testing.T) *lockedBuffer {
	buf := &lockedBuffer{}
	oldLogger, oldWriter, oldFlags := slog.Default(), log.Writer(), log.Flags()
	slog.SetDefault(slog.New(slog.NewJSONHandler(buf, nil)))
	t.Cleanup(func() {
		slog.SetDefault(oldLogger)
		log.SetOutput(oldWriter)
		log.SetFlags(oldFlags)
	})
	return buf
}
