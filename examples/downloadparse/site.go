package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// vocabulary is what the sample site's pages are written in.
var vocabulary = strings.Fields(`future executor worker process thread pool task result
callback channel goroutine context deadline cancel queue chunk pipeline parse download
crawler document title link word count summary error timeout signal memory garbage
collector scheduler runtime kernel socket buffer stream encoder decoder registry
function closure argument value python module package library benchmark latency
throughput backpressure shutdown initializer panic recover stack trace retry`)

// site is the sample site the program crawls when it is given no URLs:
// pages generated from a fixed seed, served on 127.0.0.1, with a few
// deliberate failures among them.
type site struct {
	srv   *http.Server
	base  string
	pages int
	slow  time.Duration // how long /slow.html takes: longer than the client waits
	delay time.Duration // how long every page takes, to watch a crawl live; set before the first request
}

// startSite serves pages generated pages on a free port of 127.0.0.1.
func startSite(pages int, slow time.Duration) (*site, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sample site: %w", err)
	}
	s := &site{base: "http://" + ln.Addr().String(), pages: pages, slow: slow}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page/{n}", s.page)
	mux.HandleFunc("GET /slow.html", s.slowPage)
	mux.HandleFunc("GET /data.bin", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write([]byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2})
	})
	mux.HandleFunc("GET /broken.html", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><p>a page that lost its head"))
	})
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// close stops the server and every connection it holds.
func (s *site) close() {
	s.srv.Close()
}

// urls returns the download list: every page, then the failures (two
// missing pages, a page slower than any sane timeout, a binary file, a
// page without a title, and a port where nothing listens).
func (s *site) urls() []string {
	var us []string
	for i := range s.pages {
		us = append(us, fmt.Sprintf("%s/page/%d.html", s.base, i))
	}
	us = append(us, s.base+"/missing/1.html", s.base+"/missing/2.html",
		s.base+"/slow.html", s.base+"/data.bin", s.base+"/broken.html", refusedURL())
	return us
}

// refusedURL returns a URL on 127.0.0.1 where nothing listens.
func refusedURL() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "http://127.0.0.1:1/"
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/"
}

func (s *site) page(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("n"), ".html"))
	if err != nil || n < 0 || n >= s.pages {
		http.NotFound(w, r)
		return
	}
	if s.delay > 0 {
		// Between half and one and a half times the delay, the same for
		// the same page, so that the crawl's throughput varies.
		t := time.NewTimer(s.delay * time.Duration(50+n*7919%101) / 100)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(s.render(n)))
}

// render writes page n; the same n always gives the same page.
func (s *site) render(n int) string {
	rng := rand.New(rand.NewPCG(uint64(n), 2026))
	word := func() string { return vocabulary[rng.IntN(len(vocabulary))] }
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html>\n<html><head><title>Page %d: %s &amp; %s</title>", n, word(), word())
	b.WriteString("<style>p { margin: 1em }</style></head>\n<body>\n")
	for range 3 + rng.IntN(6) {
		b.WriteString("<p>")
		for range 20 + rng.IntN(40) {
			b.WriteString(word() + " ")
		}
		b.WriteString("</p>\n")
	}
	for range 3 + rng.IntN(6) {
		fmt.Fprintf(&b, "<a href=\"/page/%d.html\">%s</a>\n", rng.IntN(s.pages), word())
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// slowPage answers after s.slow, or gives up when the client does.
func (s *site) slowPage(w http.ResponseWriter, r *http.Request) {
	t := time.NewTimer(s.slow)
	defer t.Stop()
	select {
	case <-t.C:
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><head><title>Finally</title></head></html>"))
	case <-r.Context().Done():
	}
}

var errStatus = errors.New("HTTP status")

// get downloads one URL. It runs on the thread pool: I/O-bound work.
func get(ctx context.Context, u string) (Page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Page{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return Page{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Page{}, fmt.Errorf("get %s: %w %s", u, errStatus, resp.Status)
	}
	body, err := readAll(resp)
	if err != nil {
		return Page{}, fmt.Errorf("get %s: %w", u, err)
	}
	return Page{URL: u, ContentType: resp.Header.Get("Content-Type"), Body: body}, nil
}
