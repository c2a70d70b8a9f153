package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// pages is the little site the program downloads: path -> HTML. One page
// has no title (parse fails) and one path is missing (get fails).
var pages = map[string]string{
	"/":        htmlPage("Home", "Welcome to the futures sample site.", "/docs", "/blog", "/about"),
	"/docs":    htmlPage("Documentation", "Chains run each step on the executor it names.", "/", "/docs/pipelines"),
	"/blog":    htmlPage("Blog", "Release notes and stories from users who ported Python programs to Go.", "/"),
	"/about":   htmlPage("About", "A small library.", "/"),
	"/contact": htmlPage("Contact", "Write to us.", "/", "/about"),
	"/broken":  "<html><body><p>this page lost its head</p></body></html>",
}

// paths is the download list, in the order the program submits it.
var paths = []string{"/", "/docs", "/blog", "/about", "/contact", "/broken", "/missing"}

// htmlPage returns an HTML page with title, body text and links to hrefs.
func htmlPage(title, text string, hrefs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<html><head><title>%s</title></head><body><h1>%s</h1><p>%s</p>", title, title, text)
	for _, h := range hrefs {
		fmt.Fprintf(&b, `<a href="%s">%s</a> `, h, h)
	}
	b.WriteString("</body></html>")
	return b.String()
}

// server serves pages on a free port of 127.0.0.1 until close is called.
type server struct {
	srv    *http.Server
	base   string
	served chan error
}

func startServer() (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("local server: %w", err)
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(html))
	})
	s := &server{
		srv:    &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second},
		base:   "http://" + ln.Addr().String(),
		served: make(chan error, 1),
	}
	go func() { s.served <- s.srv.Serve(ln) }()
	return s, nil
}

// close stops the server, closes its connections and waits until it has
// stopped serving.
func (s *server) close() error {
	err := s.srv.Close()
	if serr := <-s.served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
