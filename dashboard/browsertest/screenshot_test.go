package browsertest_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

var (
	shootURL  = flag.String("shoot-url", "", "take a screenshot of the dashboard served at this 127.0.0.1 URL (with -screenshot)")
	shootWhen = flag.String("shoot-when", `document.querySelectorAll('.error').length > 0`,
		"JavaScript condition the page must meet before the screenshot")
)

// TestScreenshotOfARunningDashboard photographs a dashboard that another
// program serves, for the documentation:
//
//	go run ./examples/downloadparse -dashboard 127.0.0.1:8080 -downloaders 8 -pages 400 &
//	go test -run Screenshot ./... -args -shoot-url http://127.0.0.1:8080/ -screenshot ../../docs/dashboard.png
//
// Without -shoot-url it is skipped.
func TestScreenshotOfARunningDashboard(t *testing.T) {
	if *shootURL == "" || *screenshot == "" {
		t.Skip("no -shoot-url and -screenshot: nothing to photograph")
	}
	require.True(t, strings.HasPrefix(*shootURL, "http://127.0.0.1:"), "only pages on 127.0.0.1")
	ctx, closeBrowser := browser(t)
	defer closeBrowser()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(*shootURL)))
	waitFor(t, ctx, "the live status", `document.getElementById("status").textContent === "live"`)
	waitFor(t, ctx, "the executors", `document.querySelectorAll('.exec').length > 0`)
	waitFor(t, ctx, "the condition of -shoot-when", *shootWhen)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(*screenshot, png, 0o644))
}
