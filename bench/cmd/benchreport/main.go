package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// inputNames are the files benchreport reads from -dir, each optional, and
// each possibly replaced by NAME.skipped.
var inputNames = []string{
	"go.txt", "go.stat", "threads.txt", "threads.skipped",
	"processpool.txt", "processpool.stat", "processpool.skipped",
	"processpool-py.txt", "processpool-py.skipped",
	"shared-py.txt", "shared-py.skipped",
}

func main() {
	dir := flag.String("dir", ".", "directory holding the outputs of bench/run")
	count := flag.Int("count", 0, "-count of the benchmark runs")
	python := flag.String("python", "", "version of python3, if it ran")
	out := flag.String("o", "", "file to write (default standard output)")
	flag.Parse()
	if err := run(*dir, *count, *python, *out); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func run(dir string, count int, python, out string) error {
	inputs, err := readInputs(dir)
	if err != nil {
		return err
	}
	if _, ok := inputs["go.txt"]; !ok {
		return fmt.Errorf("no go.txt in %s", dir)
	}
	r, err := newReport(inputs, count, python)
	if err != nil {
		return err
	}
	if out == "" {
		r.write(os.Stdout)
		return nil
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	r.write(f)
	return f.Close()
}

// readInputs reads every input file present in dir.
func readInputs(dir string) (map[string]string, error) {
	inputs := map[string]string{}
	for _, name := range inputNames {
		b, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err == nil:
			inputs[name] = string(b)
		case !os.IsNotExist(err):
			return nil, err
		}
	}
	return inputs, nil
}
