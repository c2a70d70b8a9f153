package dashboard

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sync"
	"time"

	"github.com/gocurrent/futures/executor"
)

//go:embed assets
var assets embed.FS

// Dashboard is the http.Handler of the live page. Make one with New; the
// zero value is not usable. It is safe for concurrent use.
type Dashboard struct {
	cfg    config
	mux    *http.ServeMux
	static http.Handler

	history history

	mu        sync.Mutex
	executors []source
	trackers  []*Tracker
}

// source is one executor on the page.
type source struct {
	name string
	r    executor.StatsReporter
}

var _ http.Handler = (*Dashboard)(nil)

// Option configures a Dashboard made by New.
type Option func(*config)

type config struct {
	title    string
	interval time.Duration
}

// WithTitle sets the page's title; the default is "futures".
func WithTitle(title string) Option {
	return func(c *config) { c.title = title }
}

// WithInterval sets how often an open page gets a new snapshot; the
// default is 500ms. New panics if d <= 0.
func WithInterval(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			panic(fmt.Sprintf("dashboard: WithInterval(%v): the interval must be positive", d))
		}
		c.interval = d
	}
}

// New returns a Dashboard with nothing on it yet. It panics, with a
// message starting "dashboard: ", on an invalid option.
func New(opts ...Option) *Dashboard {
	d := &Dashboard{cfg: config{title: "futures", interval: 500 * time.Millisecond}}
	for _, opt := range opts {
		opt(&d.cfg)
	}
	d.history.interval = d.cfg.interval
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic("dashboard: the embedded assets are missing: " + err.Error())
	}
	d.static = http.FileServerFS(sub)
	d.mux = http.NewServeMux()
	d.mux.HandleFunc("GET /{$}", d.page)
	d.mux.Handle("GET /assets/", http.StripPrefix("/assets", d.static))
	d.mux.HandleFunc("GET /api/stats", d.stats)
	d.mux.HandleFunc("GET /api/events", d.events)
	return d
}

// AddExecutor puts an executor on the page, under the name its Stats
// give (or its kind if it has none). Any executor of this module
// implements executor.StatsReporter; so can yours.
func (d *Dashboard) AddExecutor(r executor.StatsReporter) {
	d.AddExecutorNamed("", r)
}

// AddExecutorNamed is AddExecutor with the name to show.
func (d *Dashboard) AddExecutorNamed(name string, r executor.StatsReporter) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.executors = append(d.executors, source{name: name, r: r})
}

// Track puts a progress bar named name on the page and returns its
// Tracker: pass its Progress method to executor.WithProgress,
// callback.WithProgress or future.AsCompletedProgress.
func (d *Dashboard) Track(name string) *Tracker {
	t := newTracker(name, d)
	d.mu.Lock()
	d.trackers = append(d.trackers, t)
	d.mu.Unlock()
	return t
}

// ServeHTTP serves the page, its assets and its data; see the package
// documentation for the routes.
func (d *Dashboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mux.ServeHTTP(w, r)
}

func (d *Dashboard) page(w http.ResponseWriter, r *http.Request) {
	b, err := assets.ReadFile("assets/index.html")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

func (d *Dashboard) stats(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(d.Snapshot())
}

// events streams a snapshot every interval until the client leaves.
func (d *Dashboard) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	t := time.NewTicker(d.cfg.interval)
	defer t.Stop()
	for {
		b, err := json.Marshal(d.Snapshot())
		if err != nil {
			return
		}
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
		}
	}
}
