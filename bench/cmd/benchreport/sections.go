package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// workload renders the table of one workload, ratios against its first
// subject.
func (r *report) workload(p *printer, title, unit string, subjects []subject, what string) {
	p.line("## %s", title)
	p.line("")
	p.line("%s The column \"ratio to row 1\" is a subject's ns/%s over that of the first row: above 1, the first row is faster.", what, unit)
	p.line("")
	p.row("subject", "ns/"+unit, "allocs/"+unit, "B/"+unit, "ratio to row 1", "anchor ns/"+unit)
	p.row("---", "---:", "---:", "---:", "---:", "---:")
	for _, s := range subjects {
		ns, ok := r.gores.median(s.name, "ns/"+unit)
		if !ok {
			p.row(s.label, "not measured", "", "", "", anchor(s.anchor))
			continue
		}
		ratio, _ := r.ratio(s.name, subjects[0].name, "ns/"+unit)
		allocs, _ := r.gores.median(s.name, "allocs/"+unit)
		bytes, _ := r.gores.median(s.name, "B/"+unit)
		p.row(s.label, num(ns), num(allocs), num(bytes), num(ratio)+"x", anchor(s.anchor))
	}
	p.line("")
}

// poolCosts renders the costs besides tasks: pending futures and
// startup/teardown.
func (r *report) poolCosts(p *printer) {
	p.line("## Pool costs besides the tasks")
	p.line("")
	p.row("what", "median")
	p.row("---", "---:")
	mem, ok := r.gores.median(pendingFutures, "B/future")
	p.row("heap per pending future, 1M queued behind a blocked worker", value(num(mem)+" B", ok))
	p.row("threadpool New + Shutdown, no task", r.opCost(lifecycleEmpty))
	p.row("threadpool New + one Submit and Result + Shutdown", r.opCost(lifecycleFirst))
	p.line("")
}

// opCost says what one op of benchmark name costs: time, allocations and
// bytes.
func (r *report) opCost(name string) string {
	ns, ok := r.gores.median(name, "ns/op")
	if !ok {
		return "not measured"
	}
	allocs, _ := r.gores.median(name, "allocs/op")
	bytes, _ := r.gores.median(name, "B/op")
	return fmt.Sprintf("%s ns, %s allocs, %s B", num(ns), num(allocs), num(bytes))
}

func (r *report) pythonSection(p *printer) {
	p.line("## Python's ThreadPoolExecutor")
	p.line("")
	if r.pyres == nil {
		p.line("Not measured: %s", r.skipped("threads"))
		p.line("")
		return
	}
	p.line("`bench/python/threads.py`, the same workloads with 2 worker threads, in the same run as the Go figures.")
	p.line("")
	p.row("subject", "median", "ours", "Python / ours", "anchor")
	p.row("---", "---:", "---:", "---:", "---:")
	for _, s := range subjectsPython {
		py, okPy := r.pyres.median(s.name, s.unit)
		ours, okOurs := r.gores.median(s.ours, s.unit)
		ratio := "-"
		if okPy && okOurs && ours > 0 {
			ratio = num(py/ours) + "x"
		}
		p.row(s.label, value(num(py)+" "+s.unit, okPy), value(num(ours)+" "+s.unit, okOurs), ratio, anchor(s.anchor))
	}
	p.line("")
}

func (r *report) processPools(p *printer) {
	p.line("## Process pools")
	p.line("")
	r.processBaseline(p)
	if r.ppres == nil {
		p.line("Go benchmarks of `processpool`: not measured: %s", r.skipped("processpool"))
	} else {
		r.medians(p, r.ppres)
	}
	p.line("")
	if text, ok := r.inputs["processpool-py.txt"]; ok {
		p.line("`bench/python/processpool.py`:")
		p.line("")
		p.block(text)
	} else {
		p.line("`bench/python/processpool.py`: not measured: %s", r.skipped("processpool-py"))
	}
	p.line("")
}

// medians renders every benchmark of res with the median of each unit.
func (r *report) medians(p *printer, res *results) {
	p.row("benchmark", "unit", "median")
	p.row("---", "---", "---:")
	for _, name := range res.order {
		for _, u := range res.units(name) {
			m, _ := res.median(name, u)
			p.row(name, u, num(m))
		}
	}
}

// raw appends the benchstat summaries, with their spread.
func (r *report) raw(p *printer) {
	p.line("## benchstat")
	p.line("")
	p.line("The summaries of every run (`go run golang.org/x/perf/cmd/benchstat@latest`): medians with their 95%% confidence interval.")
	p.line("")
	for _, name := range []string{"go.stat", "processpool.stat"} {
		if text, ok := r.inputs[name]; ok {
			p.block(text)
			p.line("")
		}
	}
}

// skipped says why the input named name is missing.
func (r *report) skipped(name string) string {
	if why, ok := r.inputs[name+".skipped"]; ok {
		return strings.TrimSpace(why)
	}
	return "no output was collected."
}

// printer writes markdown lines.
type printer struct {
	w io.Writer
}

func (p *printer) line(format string, args ...any) {
	fmt.Fprintf(p.w, format+"\n", args...)
}

func (p *printer) row(cells ...string) {
	p.line("| %s |", strings.Join(cells, " | "))
}

func (p *printer) block(text string) {
	p.line("```")
	p.line("%s", strings.TrimRight(text, "\n"))
	p.line("```")
}

// target renders one row of the targets table.
func (p *printer) target(what string, v float64, ok bool, goal float64, suffix string) {
	if !ok {
		p.row(what, "not measured", num(goal)+suffix, "-")
		return
	}
	verdict := "met"
	if v > goal {
		verdict = fmt.Sprintf("missed by %.0f%%", (v/goal-1)*100)
	}
	p.row(what, num(v)+suffix, "<= "+num(goal)+suffix, verdict)
}

// num formats a figure with as many digits as help to read it.
func num(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v < 0.01:
		return "<0.01"
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return group(fmt.Sprintf("%.0f", v))
}

// group puts thousands separators into a string of digits.
func group(digits string) string {
	var parts []string
	for len(digits) > 3 {
		parts = append(parts, digits[len(digits)-3:])
		digits = digits[:len(digits)-3]
	}
	parts = append(parts, digits)
	slices.Reverse(parts)
	return strings.Join(parts, ",")
}

func anchor(v float64) string {
	if v == 0 {
		return "-"
	}
	return num(v)
}

func value(s string, ok bool) string {
	if !ok {
		return "not measured"
	}
	return s
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}
