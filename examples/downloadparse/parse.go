package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/gocurrent/futures/executor"
)

// Page is a downloaded document: what get hands to parse.
type Page struct {
	URL         string
	ContentType string
	Body        []byte
}

// Summary is what parse makes of a page: one line of the results file.
type Summary struct {
	URL      string   `json:"url"`
	Title    string   `json:"title,omitempty"`
	Bytes    int      `json:"bytes"`
	Words    int      `json:"words"`
	Links    int      `json:"links"`
	TopWords []string `json:"top_words,omitempty"`
	Parser   string   `json:"parser,omitempty"` // the worker that parsed it
	Error    string   `json:"error,omitempty"`
}

var errNotHTML = errors.New("not an HTML document")

// Parse extracts the title, links, word count and most frequent words of
// an HTML page, with an HTML5 parser. It is registered with the process
// pool: CPU work that belongs in a worker process. The summary names the
// worker that parsed it.
func Parse(ctx context.Context, p Page) (Summary, error) {
	s := Summary{URL: p.URL, Bytes: len(p.Body)}
	if w, ok := executor.WorkerFrom(ctx); ok {
		s.Parser = w.Name
	}
	if !strings.HasPrefix(p.ContentType, "text/html") || bytes.IndexByte(p.Body, 0) >= 0 || !utf8.Valid(p.Body) {
		return s, fmt.Errorf("parse %s: %w (content type %q)", p.URL, errNotHTML, p.ContentType)
	}
	doc, err := html.Parse(bytes.NewReader(p.Body))
	if err != nil {
		return s, fmt.Errorf("parse %s: %w", p.URL, err)
	}
	var d walk
	d.base, _ = url.Parse(p.URL)
	d.links = map[string]bool{}
	d.visit(doc)
	if !d.hasTitle {
		return s, fmt.Errorf("parse %s: no <title> element", p.URL)
	}
	s.Title = strings.Join(strings.Fields(d.title.String()), " ")
	s.Links = len(d.links)
	words := strings.FieldsFunc(d.text.String(), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	s.Words = len(words)
	s.TopWords = top(words, 3)
	return s, nil
}

// walk collects what Parse needs from a document tree.
type walk struct {
	base     *url.URL
	links    map[string]bool // distinct absolute targets of <a href>
	text     strings.Builder // the text, without scripts and styles
	title    strings.Builder // the text of the first <title>
	hasTitle bool
}

func (d *walk) visit(n *html.Node) {
	switch {
	case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
		return
	case n.Type == html.ElementNode && n.DataAtom == atom.Title && !d.hasTitle:
		d.hasTitle = true
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				d.title.WriteString(c.Data)
			}
		}
	case n.Type == html.ElementNode && n.DataAtom == atom.A:
		d.link(n)
	case n.Type == html.TextNode:
		d.text.WriteString(n.Data)
		d.text.WriteByte(' ')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		d.visit(c)
	}
}

func (d *walk) link(n *html.Node) {
	for _, a := range n.Attr {
		if a.Key != "href" || d.base == nil {
			continue
		}
		if u, err := d.base.Parse(strings.TrimSpace(a.Val)); err == nil {
			d.links[u.String()] = true
		}
	}
}

// top returns the n most frequent words of at least four letters, most
// frequent first, ties in alphabetical order.
func top(words []string, n int) []string {
	count := map[string]int{}
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 4 {
			count[strings.ToLower(w)]++
		}
	}
	ranked := make([]string, 0, len(count))
	for w := range count {
		ranked = append(ranked, w)
	}
	slices.SortFunc(ranked, func(a, b string) int {
		if d := count[b] - count[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return ranked[:min(n, len(ranked))]
}
