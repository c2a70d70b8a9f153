package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gocurrent/futures/cluster"
)

func TestMain(m *testing.M) {
	cluster.Main()
	goleak.VerifyTestMain(m)
}

func TestCrawlSampleSite(t *testing.T) {
	c, err := parseFlags([]string{"-short", "-parsers", "2", "-out", filepath.Join(t.TempDir(), "out.jsonl")}, os.Stderr)
	require.NoError(t, err)
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), c, &stdout, &stderr))
	require.Contains(t, stdout.String(), "46 URLs: 40 pages parsed, 6 errors")

	rows := readRows(t, c.out)
	require.Len(t, rows, 46)
	for i, r := range rows[:40] {
		require.Empty(t, r.Error)
		require.True(t, strings.HasSuffix(r.URL, "/page/"+itoa(i)+".html"), r.URL)
		require.True(t, strings.HasPrefix(r.Title, "Page "+itoa(i)+": "), r.Title)
		require.Positive(t, r.Words)
		require.Positive(t, r.Links)
		require.Len(t, r.TopWords, 3)
	}
	wantErrors := []string{"404 Not Found", "404 Not Found", "Timeout", "not an HTML document", "no <title>", "connection refused"}
	for i, want := range wantErrors {
		require.Contains(t, rows[40+i].Error, want)
	}
}

func TestURLsFromArgumentsAndFile(t *testing.T) {
	s, err := startSite(3, 0)
	require.NoError(t, err)
	defer s.close()
	list := filepath.Join(t.TempDir(), "download.txt")
	require.NoError(t, os.WriteFile(list, []byte("# pages\n"+s.base+"/page/1.html\n\n"+s.base+"/page/2.html\n"), 0o600))
	out := filepath.Join(t.TempDir(), "out.jsonl")
	c, err := parseFlags([]string{"-quiet", "-parsers", "1", "-file", list, "-out", out, s.base + "/page/0.html"}, os.Stderr)
	require.NoError(t, err)
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), c, &stdout, &stdout))
	rows := readRows(t, out)
	require.Len(t, rows, 3)
	for i, r := range rows {
		require.Empty(t, r.Error)
		require.True(t, strings.HasPrefix(r.Title, "Page "+itoa(i)), r.Title)
	}
}

func TestFlags(t *testing.T) {
	var help bytes.Buffer
	_, err := parseFlags([]string{"-h"}, &help)
	require.ErrorIs(t, err, flag.ErrHelp)
	require.Contains(t, help.String(), "-downloaders")
	require.Contains(t, help.String(), "download.txt")
	_, err = parseFlags([]string{"-parsers", "0"}, &help)
	require.ErrorContains(t, err, "must be positive")
}

func TestParse(t *testing.T) {
	page := func(ct, body string) Page { return Page{URL: "http://h/a/b.html", ContentType: ct, Body: []byte(body)} }
	s, err := Parse(context.Background(), page("text/html", `<html><head><TITLE>Fish &amp; Chips</TITLE>
<script>var ignored = "words words words";</script></head>
<body><p>Haddock, haddock and plaice.</p><a href="/x">x</a><a href="c.html">c</a><a href="/x">again</a></body></html>`))
	require.NoError(t, err)
	require.Equal(t, "Fish & Chips", s.Title)
	require.Equal(t, 2, s.Links)
	require.Equal(t, 9, s.Words) // the title counts, the script does not
	require.Equal(t, []string{"haddock", "again", "chips"}, s.TopWords)

	_, err = Parse(context.Background(), page("image/png", "\x89PNG"))
	require.ErrorIs(t, err, errNotHTML)
	_, err = Parse(context.Background(), page("text/html", "<p>no head"))
	require.ErrorContains(t, err, "no <title>")
}

func readRows(t *testing.T, path string) []Summary {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var rows []Summary
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var s Summary
		require.NoError(t, json.Unmarshal(sc.Bytes(), &s), sc.Text())
		rows = append(rows, s)
	}
	require.NoError(t, sc.Err())
	return rows
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestCrawlOnCluster runs the parse stage on the embedded cluster: one
// command, the same rows.
func TestCrawlOnCluster(t *testing.T) {
	c, err := parseFlags([]string{"-short", "-cluster", "-parsers", "2", "-out", filepath.Join(t.TempDir(), "out.jsonl")}, os.Stderr)
	require.NoError(t, err)
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), c, &stdout, &stderr))
	require.Contains(t, stdout.String(), "46 URLs: 40 pages parsed, 6 errors")
	require.Len(t, readRows(t, c.out), 46)
}

// TestWorkerFlag runs the crawler with no local parser on a server of its
// own, and this binary's -worker mode as the only parse worker.
func TestWorkerFlag(t *testing.T) {
	host, err := cluster.New(cluster.WithWorkers(0))
	require.NoError(t, err)
	defer func() { require.NoError(t, host.Shutdown(true)) }()
	w, err := parseFlags([]string{"-worker", host.URL(), "-parsers", "2"}, os.Stderr)
	require.NoError(t, err)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	var out bytes.Buffer
	go func() { served <- serveParse(ctx, w, &out) }()

	c, err := parseFlags([]string{"-short", "-nats", host.URL(), "-parsers", "0", "-out", filepath.Join(t.TempDir(), "out.jsonl")}, os.Stderr)
	require.NoError(t, err)
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), c, &stdout, &stderr))
	require.Contains(t, stdout.String(), "46 URLs: 40 pages parsed, 6 errors")
	stop()
	require.NoError(t, <-served)
	require.Contains(t, out.String(), "parse worker for "+host.URL())
}
