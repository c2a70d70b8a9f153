package browsertest_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/dashboard"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/threadpool"
)

var screenshot = flag.String("screenshot", "", "write a PNG of the dashboard to this file")

// patience bounds every wait for the page; it only matters when the test
// fails, so it is generous.
const patience = 60 * time.Second

// findChromium returns the browser to drive, or "" if there is none.
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless chromium with a fresh profile that talks to
// nobody but the test's server, and returns its context and the function
// that closes it.
func browser(t *testing.T) (context.Context, func()) {
	t.Helper()
	path := findChromium()
	if path == "" && os.Getenv("FUTURES_REQUIRE_CHROMIUM") != "" {
		t.Fatal("no chromium, and FUTURES_REQUIRE_CHROMIUM says the browser test must run")
	}
	if path == "" {
		t.Skip("no chromium on this machine (install Debian's chromium, or set CHROMIUM): the dashboard's browser test is skipped")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1100, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	stop := func() {
		cancel()
		cancelAlloc()
	}
	t.Cleanup(stop)
	return ctx, stop
}

// crawl is the task of the test's Map: it waits for its gate, and the
// input 13 panics.
func crawl(gates []chan struct{}) func(context.Context, int) (int, error) {
	return func(ctx context.Context, i int) (int, error) {
		select {
		case <-gates[i]:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		if i == 13 {
			panic(fmt.Sprintf("page %d is not HTML", i))
		}
		return i, nil
	}
}

// waitFor polls the page until expr (JavaScript) is true.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		require.NoError(t, err, what)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			html, _ := chromedp.Run(ctx, chromedp.OuterHTML("main"))
			t.Fatalf("the page never showed %s; it shows:\n%s", what, html)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func shownDone(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`Number(document.querySelector('.progress[data-name="crawl"]')?.dataset.done ?? -1)`))
	require.NoError(t, err)
	return n
}

func TestDashboardInABrowser(t *testing.T) {
	ctx, closeBrowser := browser(t)
	const total = 30
	pool := threadpool.New(threadpool.WithMaxWorkers(2), threadpool.WithName("fetchers"))
	defer pool.Shutdown(true, executor.CancelPending())
	d := dashboard.New(dashboard.WithTitle("browser test"), dashboard.WithInterval(100*time.Millisecond))
	d.AddExecutor(pool)
	bar := d.Track("crawl")
	srv := httptest.NewServer(d) // listens on 127.0.0.1
	defer srv.Close()
	defer srv.CloseClientConnections()
	defer closeBrowser() // first: the page's event stream holds a connection
	require.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:"))

	gates := make([]chan struct{}, total)
	for i := range gates {
		gates[i] = make(chan struct{})
	}
	release := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			close(gates[i])
		}
	}
	pages := make([]int, total)
	for i := range pages {
		pages[i] = i
	}
	mapDone := make(chan error, 1)
	go func() {
		var errs []error
		for _, err := range executor.Map(pool, crawl(gates), pages, executor.WithChunkSize(1), executor.WithProgress(bar.Progress)) {
			errs = append(errs, err)
		}
		mapDone <- errors.Join(errs...)
	}()

	t.Run("the page loads", func(t *testing.T) {
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")))
		waitFor(t, ctx, "the live status", `document.getElementById("status").textContent === "live"`)
		waitFor(t, ctx, "the executor", `!!document.querySelector('.exec[data-name="fetchers"]')`)
		waitFor(t, ctx, "the progress bar at 0", `document.querySelector('.progress[data-name="crawl"]')?.dataset.done === "0"`)
	})
	t.Run("a running Map's progress advances", func(t *testing.T) {
		release(0, 5)
		waitFor(t, ctx, "5 done", `Number(document.querySelector('.progress[data-name="crawl"]')?.dataset.done) >= 5`)
		first := shownDone(t, ctx)
		require.Less(t, first, total, "the map is still running")
		release(5, 12)
		waitFor(t, ctx, "12 done", `Number(document.querySelector('.progress[data-name="crawl"]')?.dataset.done) >= 12`)
		require.Greater(t, shownDone(t, ctx), first)
		waitFor(t, ctx, "a busy worker", `!!document.querySelector('tr.worker[data-state="busy"]')`)
	})
	t.Run("an error appears with its stack", func(t *testing.T) {
		release(12, 14)
		waitFor(t, ctx, "the panic", `[...document.querySelectorAll('.error .message')].some(e => e.textContent.includes("page 13 is not HTML"))`)
		// Read in one evaluation: the page redraws its errors live, and a
		// node found in one step may be gone in the next.
		stack, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".error pre.stack")?.textContent ?? ""`))
		require.NoError(t, err)
		require.Contains(t, stack, "goroutine", "a Go stack")
		require.Contains(t, stack, "crawl", "the stack names the task's function")
	})
	t.Run("the Map ends", func(t *testing.T) {
		release(14, total)
		waitFor(t, ctx, "all done", fmt.Sprintf(`document.querySelector('.progress[data-name="crawl"]')?.dataset.done === "%d"`, total))
		select {
		case err := <-mapDone:
			var pe *executor.PanicError
			require.ErrorAs(t, err, &pe)
		case <-time.After(patience):
			t.Fatal("the map did not end")
		}
		if *screenshot != "" {
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(*screenshot, png, 0o644))
		}
	})
}
