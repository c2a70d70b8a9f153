package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// page is a downloaded page.
type page struct {
	path string
	html string
}

// downloader gets pages of the local site.
type downloader struct {
	client *http.Client
	base   string
}

// get downloads path. A status other than 200 is an error, as urllib's
// HTTPError.
func (d *downloader) get(ctx context.Context, path string) (page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.base+path, nil)
	if err != nil {
		return page{}, err
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return page{}, fmt.Errorf("HTTP Error %d: %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	body, err := io.ReadAll(resp.Body)
	return page{path, string(body)}, err
}

// record is what parse extracts from a page, and save keeps.
type record struct {
	path  string
	title string
	words int
	links int
}

var errNoTitle = errors.New("parse: the page has no <title>")

// parse extracts the title, the number of words of text and the number of
// links of a page.
func parse(_ context.Context, p page) (record, error) {
	_, rest, ok := strings.Cut(p.html, "<title>")
	title, _, ok2 := strings.Cut(rest, "</title>")
	if !ok || !ok2 {
		return record{}, errNoTitle
	}
	return record{
		path:  p.path,
		title: title,
		words: len(strings.Fields(text(p.html))),
		links: strings.Count(p.html, "<a "),
	}, nil
}

// text returns html without its tags.
func text(html string) string {
	var b strings.Builder
	inTag := false
	for _, r := range html {
		switch {
		case r == '<':
			inTag = true
			b.WriteByte(' ')
		case r == '>':
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// store keeps one line per path; it is safe for concurrent use.
type store struct {
	mu    sync.Mutex
	lines map[string]string
}

func newStore() *store { return &store{lines: map[string]string{}} }

// save keeps r. It has the step shape, so it can be a step of a chain.
func (s *store) save(_ context.Context, r record) (string, error) {
	line := fmt.Sprintf("title=%q words=%d links=%d", r.title, r.words, r.links)
	s.set(r.path, line)
	return line, nil
}

// fail keeps the error of path.
func (s *store) fail(path string, err error) { s.set(path, "error: "+err.Error()) }

func (s *store) set(path, line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines[path] = line
}

// print writes the lines sorted by path.
func (s *store) print(w io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.lines))
	for k := range s.lines {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-9s %s\n", k, s.lines[k])
	}
}
