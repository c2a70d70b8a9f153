package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// sizes are the stand-in pages: path -> size in bytes.
var sizes = map[string]int{"/foxnews": 5120, "/cnn": 2048, "/wsj": 4096, "/bbc": 3072}

// server serves the stand-in pages on a free port of 127.0.0.1 until close
// is called. /slow answers only after a long time (or when the client
// gives up); any other path is 404 Not Found.
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
	s := &server{
		srv:    &http.Server{Handler: http.HandlerFunc(serve), ReadHeaderTimeout: 5 * time.Second},
		base:   "http://" + ln.Addr().String(),
		served: make(chan error, 1),
	}
	go func() { s.served <- s.srv.Serve(ln) }()
	return s, nil
}

func serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/slow" {
		select {
		case <-r.Context().Done(): // the client gave up, or the server closes
		case <-time.After(time.Minute):
		}
		return
	}
	n, ok := sizes[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(strings.Repeat("x", n)))
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
