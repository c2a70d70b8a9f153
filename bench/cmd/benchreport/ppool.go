package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

// The process-pool targets: the bench module's BenchmarkProcessPool
// measures the pool beside bare children in the same run; Python's figures
// come from bench/python/processpool.py in the same run of bench/run.
const (
	ppRoundTrip = "ProcessPool/roundtrip"
	ppHandoff   = "ProcessPool/roundtrip-handoff"
	ppWakes     = "ProcessPool/roundtrip-wakes"
	ppSubmit    = "ProcessPool/submit20k"
	ppMap       = "ProcessPool/map100k"
	ppStartup   = "ProcessPool/startup"
	ppLarge     = "LargeValue"

	targetRoundTrip = 1.5  // pool Submit+Result median over the bare round trip's, at most
	targetSubmit    = 0.25 // pool tasks/s over bare pipelined requests/s, at least
	targetMap       = 2.0  // pool Map items/s over Python's Pool.map, at least
	targetStartup   = 0.1  // New + first result + Shutdown over Python's spawn start, at most
	targetLargeGBs  = 1.0  // GB/s of a 256 MiB []byte each way, at least
	targetLargeMem  = 2.0  // peak memory per process in payloads, at most
)

// plainFigures reads the `name value unit` lines of processpool.py into a
// map from name to value (the unit is dropped); other lines are ignored.
func plainFigures(text string) map[string]float64 {
	figs := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			continue
		}
		if v, err := strconv.ParseFloat(f[1], 64); err == nil {
			figs[f[0]] = v
		}
	}
	return figs
}

// ppTarget is one row of the process-pool targets.
type ppTarget struct {
	label   string
	v       float64
	ok      bool
	goal    float64
	atLeast bool   // the goal is a floor, not a ceiling
	suffix  string // after each figure
}

// ppTargets computes the process-pool targets.
func (r *report) ppTargets() []ppTarget {
	py := plainFigures(r.inputs["processpool-py.txt"])
	rt, okRT := r.gores.median(ppRoundTrip, "x-bare")
	sub, okSub := r.gores.median(ppSubmit, "x-bare")
	mp, okMap := r.gores.median(ppMap, "items/s")
	pyMap, okPyMap := py["python-pool-map"]
	st, okSt := r.gores.median(ppStartup, "ms")
	pySt, okPySt := py["python-start-first-result-spawn"]
	ratio := func(a, b float64, ok bool) (float64, bool) {
		if !ok || b == 0 {
			return 0, false
		}
		return a / b, true
	}
	to, okTo := r.gores.median(ppLarge, "to-worker-GB/s")
	from, okFrom := r.gores.median(ppLarge, "from-worker-GB/s")
	recv, okRecv := r.gores.median(ppLarge, "worker-recv-peak-x")
	send, okSend := r.gores.median(ppLarge, "worker-send-peak-x")
	alloc, okAlloc := r.gores.median(ppLarge, "parent-recv-alloc-x")
	mapR, okMapR := ratio(mp, pyMap, okMap && okPyMap)
	stR, okStR := ratio(st, pySt, okSt && okPySt)
	return []ppTarget{
		{"processpool Submit+Result median / bare gob round trip median (interleaved)", rt, okRT, targetRoundTrip, false, "x"},
		{"processpool 20k Submits then results / bare pipelined requests to 2 children (alternated)", sub, okSub, targetSubmit, true, "x"},
		{"processpool Map over 100k ints, Pool.map's chunks / Python Pool.map (items/s)", mapR, okMapR, targetMap, true, "x"},
		{"processpool New + first result + Shutdown / Python spawn start to first result", stR, okStR, targetStartup, false, "x"},
		{"256 MiB []byte to a worker", to, okTo, targetLargeGBs, true, " GB/s"},
		{"256 MiB []byte from a worker", from, okFrom, targetLargeGBs, true, " GB/s"},
		{"256 MiB []byte: worker's peak resident growth, receiving and sending, in payloads", max(recv, send), okRecv && okSend, targetLargeMem, false, "x"},
		{"256 MiB []byte: parent's allocations for the round trip, in payloads", alloc, okAlloc, targetLargeMem, false, "x"},
	}
}

// processTargets adds the process-pool rows to the targets table.
func (r *report) processTargets(p *printer) {
	for _, t := range r.ppTargets() {
		if !t.atLeast {
			p.target(t.label, t.v, t.ok, t.goal, t.suffix)
			continue
		}
		if !t.ok {
			p.row(t.label, "not measured", ">= "+num(t.goal)+t.suffix, "-")
			continue
		}
		verdict := "met"
		if t.v < t.goal {
			verdict = fmt.Sprintf("missed: %s%s of %s%s", num(t.v), t.suffix, num(t.goal), t.suffix)
		}
		p.row(t.label, num(t.v)+t.suffix, ">= "+num(t.goal)+t.suffix, verdict)
	}
}

// processBaseline renders the figures behind the process-pool ratios.
func (r *report) processBaseline(p *printer) {
	p.line("`BenchmarkProcessPool` in the bench module: the pool (2 workers) beside bare children re-executed from the benchmark binary, which decode gob requests from one pipe and answer on another (no pool, no futures), in the same run. The round trips alternate one bare call and one pool call (`roundtrip`); a second rotation (`roundtrip-handoff`) puts between them a bare call whose reply a reader goroutine hands over on a channel, the reply path the pool had before a waiter read its own answer. The 20k runs alternate 20,000 requests pipelined to 2 bare children with 20,000 Submits to the pool and then their results.")
	p.line("")
	p.row("figure", "bare", "pool", "pool / bare")
	p.row("---", "---:", "---:", "---:")
	cell := func(name, unit string) string {
		v, ok := r.gores.median(name, unit)
		return value(num(v), ok)
	}
	rt := func(unit string) string {
		v, ok := r.gores.median(ppRoundTrip, unit)
		return value(num(v)+" µs", ok)
	}
	p.row("round trip, median", rt("bare-median-us"), rt("pool-median-us"), cell(ppRoundTrip, "x-bare"))
	p.row("round trip, p90", rt("bare-p90-us"), rt("pool-p90-us"), "-")
	ho := func(unit string) string {
		v, ok := r.gores.median(ppHandoff, unit)
		return value(num(v)+" µs", ok)
	}
	p.row("round trip, median, with a handed-over bare call in the rotation", ho("bare-median-us"), ho("pool-median-us"), cell(ppHandoff, "x-bare"))
	p.row("the handed-over bare call itself, median (p90)", ho("handoff-median-us")+" ("+ho("handoff-p90-us")+")", "-", "-")
	wakes := func(kind string) string {
		parent, okP := r.gores.median(ppWakes, kind+"-parent-wakes")
		child, okC := r.gores.median(ppWakes, kind+"-child-wakes")
		return value(num(parent)+" + "+num(child), okP && okC)
	}
	blocked := func(kind string) string {
		v, ok := r.gores.median(ppWakes, kind+"-median-us")
		return value(num(v)+" µs", ok)
	}
	p.row("round trip back to back, median (one worker)", blocked("bare"), blocked("pool"), cell(ppWakes, "x-bare"))
	p.row("threads put to sleep and woken per round trip, parent + child (one worker)", wakes("bare"), wakes("pool"), "-")
	p.row("the same, bare with the reply handed over", wakes("handoff"), "-", "-")
	p.row("20k requests, per second", cell(ppSubmit, "bare-req/s"), cell(ppSubmit, "pool-tasks/s"), cell(ppSubmit, "x-bare"))
	p.line("")
	p.line("The back-to-back round trips and the wake counts come from blocks of 500 round trips of one kind (`roundtrip-wakes`), where the interleaved ones put other round trips between two of the same kind. The wake counts are the voluntary context switches of every thread of the parent and of the answering child, per round trip: unlike latency, they hardly move with the machine's noise.")
	p.line("")
}
