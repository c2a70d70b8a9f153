package main

import (
	"bufio"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// results are the samples of one go test -bench output: for each
// benchmark (named without its GOMAXPROCS suffix) and unit, one value per
// run, and the configuration lines ("cpu: ...").
type results struct {
	samples map[string]map[string][]float64
	order   []string // benchmark names, first seen first
	config  map[string]string
}

var (
	procSuffix = regexp.MustCompile(`-\d+$`)
	configLine = regexp.MustCompile(`^([a-z][^\s:]*):\s*(.*)$`)
)

// parseResults reads output in the Go benchmark format; lines that are
// neither results nor configuration are ignored.
func parseResults(r io.Reader) (*results, error) {
	res := &results{samples: map[string]map[string][]float64{}, config: map[string]string{}}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if m := configLine.FindStringSubmatch(line); m != nil {
			res.config[m[1]] = m[2]
			continue
		}
		res.addLine(line)
	}
	return res, sc.Err()
}

// addLine records a result line: name, iterations, then value-unit pairs.
func (res *results) addLine(line string) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
		return
	}
	name := procSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")
	units := res.samples[name]
	if units == nil {
		units = map[string][]float64{}
		res.samples[name] = units
		res.order = append(res.order, name)
	}
	for i := 2; i+1 < len(f); i += 2 {
		if v, err := strconv.ParseFloat(f[i], 64); err == nil {
			units[f[i+1]] = append(units[f[i+1]], v)
		}
	}
}

// median returns the median of benchmark name's samples in unit, and
// whether there were any.
func (res *results) median(name, unit string) (float64, bool) {
	if res == nil {
		return 0, false
	}
	vs := slices.Clone(res.samples[name][unit])
	if len(vs) == 0 {
		return 0, false
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2], true
	}
	return (vs[n/2-1] + vs[n/2]) / 2, true
}

// units returns the units benchmark name reported, in a stable order.
func (res *results) units(name string) []string {
	var us []string
	for u := range res.samples[name] {
		us = append(us, u)
	}
	slices.Sort(us)
	return us
}
