package dashboard_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/dashboard"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

func get(t *testing.T, url string) (string, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, url)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b), resp.Header.Get("Content-Type")
}

func boom(_ context.Context, i int) (int, error) {
	if i == 3 {
		panic("three")
	}
	if i == 4 {
		return 0, errors.New("four")
	}
	return i, nil
}

func TestDashboard(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(2), threadpool.WithName("pool"))
	defer p.Shutdown(true)
	d := dashboard.New(dashboard.WithTitle("test"), dashboard.WithInterval(50*time.Millisecond))
	d.AddExecutor(p)
	tr := d.Track("map")
	for range executor.Map(p, boom, []int{1, 2, 3, 4, 5}, executor.WithProgress(tr.Progress)) {
	}
	require.NoError(t, p.Shutdown(true)) // the workers publish their last counts
	srv := httptest.NewServer(http.StripPrefix("/dash", d))
	defer srv.Close()

	t.Run("page and assets, embedded", func(t *testing.T) {
		page, ct := get(t, srv.URL+"/dash/")
		require.Contains(t, ct, "text/html")
		require.Contains(t, page, `src="assets/app.js"`)
		require.NotContains(t, page, "http://", "nothing from elsewhere")
		js, _ := get(t, srv.URL+"/dash/assets/app.js")
		require.Contains(t, js, "EventSource")
		css, ct := get(t, srv.URL+"/dash/assets/style.css")
		require.Contains(t, ct, "text/css")
		require.NotEmpty(t, css)
	})
	t.Run("stats as JSON", func(t *testing.T) {
		body, ct := get(t, srv.URL+"/dash/api/stats")
		require.Contains(t, ct, "application/json")
		var s dashboard.Snapshot
		require.NoError(t, json.Unmarshal([]byte(body), &s))
		require.Equal(t, "test", s.Title)
		require.Len(t, s.Executors, 1)
		ex := s.Executors[0]
		require.Equal(t, "pool", ex.Name)
		require.EqualValues(t, 3, ex.Done)
		require.EqualValues(t, 2, ex.Failed)
		require.NotEmpty(t, ex.Workers)
		require.Len(t, ex.Errors, 2)
		var stack string
		for _, e := range ex.Errors {
			if e.Error == "executor: task panicked: three" {
				stack = e.Stack
			}
		}
		require.Contains(t, stack, "boom")
		require.Equal(t, []dashboard.ProgressState{{Name: "map", Done: 5, Total: 5, Elapsed: s.Progress[0].Elapsed}}, s.Progress)
	})
	t.Run("events stream snapshots", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/dash/api/events", nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		events := 0
		for events < 2 && sc.Scan() {
			line, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var s dashboard.Snapshot
			require.NoError(t, json.Unmarshal([]byte(line), &s))
			require.Len(t, s.Executors, 1)
			events++
		}
		require.Equal(t, 2, events)
	})
	t.Run("unknown paths", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/dash/nothing")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusNotFound, resp.StatusCode)
	})
}

func TestTracker(t *testing.T) {
	d := dashboard.New()
	tr := d.Track("t")
	done, total := tr.Done()
	require.Equal(t, 0, done)
	require.Equal(t, -1, total)
	tr.SetTotal(3)
	tr.Add(2)
	done, total = tr.Done()
	require.Equal(t, 2, done)
	require.Equal(t, 3, total)
	require.Equal(t, "t", tr.Name())
	require.Panics(t, func() { dashboard.New(dashboard.WithInterval(0)) })
}

func TestThroughputHistory(t *testing.T) {
	p := threadpool.New(threadpool.WithMaxWorkers(1))
	defer p.Shutdown(true)
	d := dashboard.New(dashboard.WithInterval(time.Millisecond))
	d.AddExecutor(p)
	tr := d.Track("work")
	// The tracker samples as the map advances: nobody needs to watch.
	slow := func(_ context.Context, i int) (int, error) { time.Sleep(2 * time.Millisecond); return i, nil }
	for range executor.Map(p, slow, make([]int, 20), executor.WithChunkSize(1), executor.WithProgress(tr.Progress)) {
	}
	rates := d.Snapshot().Executors[0].Throughput
	require.Greater(t, len(rates), 3, "samples were taken during the map")
	total := 0.0
	for _, r := range rates {
		require.GreaterOrEqual(t, r, 0.0)
		total += r
	}
	require.Positive(t, total)
}
