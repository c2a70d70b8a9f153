package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/dashboard"
)

func TestNormalizeURL(t *testing.T) {
	for in, want := range map[string]string{
		"www.sina.com.cn":          "http://www.sina.com.cn",
		"example.com/a/b.html":     "http://example.com/a/b.html",
		"//example.com/":           "http://example.com/",
		"https://go.dev/":          "https://go.dev/",
		"http://127.0.0.1:80/x?y=": "http://127.0.0.1:80/x?y=",
	} {
		require.Equal(t, want, normalizeURL(in), in)
	}
}

func TestBareHostInDownloadList(t *testing.T) {
	s, err := startSite(2, 0)
	require.NoError(t, err)
	defer s.close()
	host := strings.TrimPrefix(s.base, "http://")
	list := filepath.Join(t.TempDir(), "download.txt")
	require.NoError(t, os.WriteFile(list, []byte(host+"/page/0.html\n"+host+"/page/1.html\n"), 0o600))
	out := filepath.Join(t.TempDir(), "out.jsonl")
	c, err := parseFlags([]string{"-quiet", "-parsers", "1", "-file", list, "-out", out}, os.Stderr)
	require.NoError(t, err)
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), c, &stdout, &stdout))
	rows := readRows(t, out)
	require.Len(t, rows, 2)
	for _, r := range rows {
		require.Empty(t, r.Error)
		require.True(t, strings.HasPrefix(r.URL, "http://"+host), r.URL)
	}
}

func TestStatsSummaryAndWorkerNames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	c, err := parseFlags([]string{"-short", "-parsers", "2", "-out", out}, os.Stderr)
	require.NoError(t, err)
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), c, &stdout, &stdout))
	text := stdout.String()
	require.Contains(t, text, "download (threadpool): 42 calls done, 4 failed")
	require.Contains(t, text, "parse (processpool): 40 calls done, 2 failed")
	require.Regexp(t, `parse-\d+ +pid \d+`, text)
	for _, r := range readRows(t, out)[:40] {
		require.Regexp(t, `^parse-\d+$`, r.Parser, "each page names the worker process that parsed it")
	}
}

func TestDashboardFlag(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	c, err := parseFlags([]string{"-short", "-parsers", "1", "-out", out, "-dashboard", "127.0.0.1:0", "-linger", "0"}, os.Stderr)
	require.NoError(t, err)
	var snap dashboard.Snapshot
	c.ready = func(url string) {
		resp, err := http.Get(url + "api/stats")
		require.NoError(t, err)
		defer resp.Body.Close()
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&snap))
	}
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), c, &stdout, &stdout))
	require.Contains(t, stdout.String(), "dashboard: http://127.0.0.1:")
	require.Len(t, snap.Executors, 2)
	require.Equal(t, "download", snap.Executors[0].Name)
	require.Equal(t, "parse", snap.Executors[1].Name)
	require.Equal(t, "crawl", snap.Progress[0].Name)
	require.Equal(t, 46, snap.Progress[0].Total)
}
