package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSharedReport(t *testing.T) {
	r, err := newReport(map[string]string{
		"go.txt": sample + "BenchmarkSharedValue/update-2procs-2 100 20 ns/increment\n" +
			"BenchmarkSharedDict/set-get-from-worker-2 100 20 us/pair\n",
		"shared-py.txt": "BenchmarkPythonShared/value-update-2procs-2 100 1000 ns/increment\n" +
			"BenchmarkPythonShared/dict-set-get-from-worker-2 100 60 us/pair\n",
	}, 6, "Python 3")
	require.NoError(t, err)
	var b strings.Builder
	r.write(&b)
	doc := b.String()
	for _, want := range []string{
		"| 2 processes Update(+1) one Value[int64] / Python Value('q') under get_lock() | 50.0x faster | >= 20.0x faster | met |",
		"| Dict Set+Get pair from a worker / Python Manager().dict() proxy | 3.00x faster | >= 4.00x faster | missed: 3.00x of 4.00x |",
		"| Dict Set+Get pair from a worker / Python Manager().dict() proxy | 20.0 us/pair | 60.0 us/pair | 3.00x |",
	} {
		require.Contains(t, doc, want)
	}
}
