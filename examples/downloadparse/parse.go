package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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
	Error    string   `json:"error,omitempty"`
}

var errNotHTML = errors.New("not an HTML document")

// Parse extracts the title, links, word count and most frequent words of
// an HTML page. It is registered with the process pool: CPU work that
// belongs in a worker process.
func Parse(_ context.Context, p Page) (Summary, error) {
	s := Summary{URL: p.URL, Bytes: len(p.Body)}
	if !strings.HasPrefix(p.ContentType, "text/html") || bytes.IndexByte(p.Body, 0) >= 0 || !utf8.Valid(p.Body) {
		return s, fmt.Errorf("parse %s: %w (content type %q)", p.URL, errNotHTML, p.ContentType)
	}
	doc := string(p.Body)
	title, ok := element(doc, "title")
	if !ok {
		return s, fmt.Errorf("parse %s: no <title> element", p.URL)
	}
	s.Title = strings.TrimSpace(html.UnescapeString(title))
	s.Links = len(links(p.URL, doc))
	words := strings.FieldsFunc(text(doc), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	s.Words = len(words)
	s.TopWords = top(words, 3)
	return s, nil
}

// element returns the text inside the first <name>...</name> of doc.
func element(doc, name string) (string, bool) {
	lower := strings.ToLower(doc)
	start := strings.Index(lower, "<"+name)
	if start < 0 {
		return "", false
	}
	open := strings.IndexByte(lower[start:], '>')
	end := strings.Index(lower[start:], "</"+name+">")
	if open < 0 || end < open {
		return "", false
	}
	return doc[start+open+1 : start+end], true
}

// links returns the distinct absolute targets of the <a href> tags of doc.
func links(base, doc string) []string {
	b, err := url.Parse(base)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	rest := doc
	for {
		i := strings.Index(rest, "href=\"")
		if i < 0 {
			break
		}
		rest = rest[i+len("href=\""):]
		j := strings.IndexByte(rest, '"')
		if j < 0 {
			break
		}
		if u, err := b.Parse(html.UnescapeString(rest[:j])); err == nil {
			seen[u.String()] = true
		}
		rest = rest[j:]
	}
	out := make([]string, 0, len(seen))
	for u := range seen {
		out = append(out, u)
	}
	return out
}

// text returns doc without its tags, scripts and styles, entities decoded.
func text(doc string) string {
	var b strings.Builder
	for len(doc) > 0 {
		lt := strings.IndexByte(doc, '<')
		if lt < 0 {
			b.WriteString(doc)
			break
		}
		b.WriteString(doc[:lt])
		b.WriteByte(' ')
		doc = doc[lt:]
		for _, skip := range []string{"<script", "<style"} {
			if strings.HasPrefix(strings.ToLower(doc), skip) {
				if end := strings.Index(strings.ToLower(doc), "</"+skip[1:]+">"); end >= 0 {
					doc = doc[end:]
				}
			}
		}
		gt := strings.IndexByte(doc, '>')
		if gt < 0 {
			break
		}
		doc = doc[gt+1:]
	}
	return html.UnescapeString(b.String())
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
