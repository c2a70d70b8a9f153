// Package browsertest drives the dashboard in a real headless browser
// (Debian's chromium, through the DevTools protocol): the page loads, a
// running Map's progress advances on it, and a task's panic appears with
// its stack. It is a module of its own so that the core module does not
// depend on a browser driver. Its test is skipped, with a message, where
// no chromium is installed (and fails instead if FUTURES_REQUIRE_CHROMIUM
// is set, as the project's CI, which installs chromium, sets it).
//
//	go test -race ./...                                  # from this directory
//	go test ./... -args -screenshot ../../docs/dashboard.png
package browsertest
