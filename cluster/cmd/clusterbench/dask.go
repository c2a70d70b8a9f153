package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// runDask runs the Dask script with the system python3 and reads its
// figures; it says why and returns false when it cannot.
func runDask(script string) (figures, bool) {
	var f figures
	if script == "" {
		return f, false
	}
	if _, err := os.Stat(script); err != nil {
		fmt.Printf("Dask: skipped: %v (run from the repository root)\n", err)
		return f, false
	}
	out, err := exec.Command("/usr/bin/python3", script).Output()
	if err != nil {
		fmt.Printf("Dask: skipped: %v\n", err)
		return f, false
	}
	got := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		v, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			fmt.Println("Dask:", sc.Text())
			continue
		}
		switch fields[0] {
		case "dask_roundtrip_median":
			f.rtMedian, got = v, got+1
		case "dask_roundtrip_p90":
			f.rtP90 = v
		case "dask_submit":
			f.submit, got = v, got+1
		}
	}
	if got < 2 {
		fmt.Printf("Dask: skipped: %s\n", strings.TrimSpace(string(out)))
		return f, false
	}
	return f, true
}
