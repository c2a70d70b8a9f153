package main

import "fmt"

// The shared-state benchmarks (package shared): ours in the bench
// module's output, Python's in shared-py.txt, in the same format.
var subjectsShared = []struct {
	label, ours, python, unit string
	goal                      float64 // Python over ours, at least
}{
	{"2 processes Update(+1) one Value[int64] / Python Value('q') under get_lock()",
		"SharedValue/update-2procs", "PythonShared/value-update-2procs", "ns/increment", 20},
	{"Dict Set+Get pair from a worker / Python Manager().dict() proxy",
		"SharedDict/set-get-from-worker", "PythonShared/dict-set-get-from-worker", "us/pair", 4},
}

// sharedRatio returns Python's median over ours for subject i.
func (r *report) sharedRatio(i int) (py, ours, ratio float64, ok bool) {
	s := subjectsShared[i]
	py, okPy := r.shpy.median(s.python, s.unit)
	ours, okOurs := r.gores.median(s.ours, s.unit)
	if !okPy || !okOurs || ours == 0 {
		return py, ours, 0, false
	}
	return py, ours, py / ours, true
}

// sharedTargets adds the shared-state rows to the targets table: how many
// times faster than Python, at least.
func (r *report) sharedTargets(p *printer) {
	for i, s := range subjectsShared {
		_, _, ratio, ok := r.sharedRatio(i)
		if !ok {
			p.row(s.label, "not measured", fmt.Sprintf(">= %sx faster", num(s.goal)), "-")
			continue
		}
		verdict := "met"
		if ratio < s.goal {
			verdict = fmt.Sprintf("missed: %sx of %sx", num(ratio), num(s.goal))
		}
		p.row(s.label, num(ratio)+"x faster", ">= "+num(s.goal)+"x faster", verdict)
	}
}

// sharedState renders the shared-state figures beside Python's.
func (r *report) sharedState(p *printer) {
	p.line("## Shared state across processes")
	p.line("")
	if r.shpy == nil {
		p.line("`bench/python/shared.py`: not measured: %s", r.skipped("shared-py"))
		p.line("")
	}
	p.line("`BenchmarkSharedValue` and `BenchmarkSharedDict` beside `bench/python/shared.py`, in the same run.")
	p.line("")
	p.row("subject", "ours", "Python", "Python / ours")
	p.row("---", "---:", "---:", "---:")
	for i, s := range subjectsShared {
		py, ours, ratio, ok := r.sharedRatio(i)
		cell := "-"
		if ok {
			cell = num(ratio) + "x"
		}
		p.row(s.label, value(num(ours)+" "+s.unit, ours > 0), value(num(py)+" "+s.unit, py > 0), cell)
	}
	if add, ok := r.gores.median("SharedValue/add-2procs", "ns/increment"); ok {
		p.row("2 processes shared.Add(+1), lock-free (no Python twin)", num(add)+" ns/increment", "-", "-")
	}
	p.line("")
}
