// Package dashboard serves a live web page of the work of executors: for
// every executor and every Map or pipeline registered with a [Dashboard],
// progress bars, throughput over time as a small plot, the workers and
// their states, and the recent errors with their stacks. It is the
// counterpart of Dask's dashboard and mpire's, built on the standard
// library only: the page, its script and its style are embedded in the
// program (no CDN: the machine may be offline) and update by server-sent
// events.
//
// # Use
//
//	d := dashboard.New()
//	d.AddExecutor(pool)                 // anything with executor.StatsReporter
//	t := d.Track("crawl")               // a progress bar
//	go http.ListenAndServe("127.0.0.1:8080", d)
//	for v, err := range executor.Map(pool, fn, args, executor.WithProgress(t.Progress)) { ... }
//
// A Dashboard is an [http.Handler]; mount it under a prefix with
// http.StripPrefix (the prefix must end in "/"). Its routes, relative to
// where it is mounted:
//
//	/             the page
//	/assets/...   its script and style
//	/api/stats    one snapshot as JSON
//	/api/events   a snapshot every interval (WithInterval) as server-sent events
//
// # Rules
//
//   - Everything here is safe for concurrent use; executors and trackers
//     may be added while the page is open.
//   - The dashboard starts no goroutine of its own: each open page costs
//     one goroutine, the request's, that ends when the page closes.
//   - It shows what it is given to anyone who can reach it: serve it on
//     127.0.0.1, or behind your own authentication.
package dashboard
