// Command benchreport writes docs/benchmarks.md from the outputs that
// bench/run collects in one directory:
//
//	go.txt              go test -bench output of the bench module
//	go.stat             benchstat summary of go.txt
//	processpool.txt     go test -bench output of ./processpool (optional)
//	processpool.stat    benchstat summary of processpool.txt (optional)
//	threads.txt         output of bench/python/threads.py (optional)
//	processpool-py.txt  output of bench/python/processpool.py (optional)
//
// An optional input that was not produced may be replaced by NAME.skipped,
// whose text says why; the report quotes it. Every figure in the tables is
// the median of the -count runs, and every ratio compares medians of the
// same run.
//
// Usage:
//
//	benchreport -dir DIR [-count N] [-python VERSION] [-o FILE]
package main
