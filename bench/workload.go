package bench

import "context"

const (
	// Tasks is the number of tasks of workload A and of items of workload B.
	Tasks = 100_000

	// Workers is the number of workers every pool gets.
	Workers = 2
)

// Double is the trivial task of both workloads, in the shape the futures
// executors take: it returns i*2.
func Double(_ context.Context, i int) (int, error) { return i * 2, nil }

// Indices returns the ints 0 to n-1, the input of workload B.
func Indices(n int) []int {
	in := make([]int, n)
	for i := range in {
		in[i] = i
	}
	return in
}
