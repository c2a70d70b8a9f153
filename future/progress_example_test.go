package future_test

import (
	"fmt"

	"github.com/gocurrent/futures/future"
)

func ExampleAsCompletedProgress() {
	fs := []*future.Future[int]{future.New[int](), future.New[int]()}
	for i, f := range fs {
		_ = f.SetResult(i)
	}
	// Python: for f in tqdm(as_completed(fs), total=len(fs))
	bar := func(done, total int) { fmt.Printf("[%d/%d] ", done, total) }
	for range future.AsCompletedProgress(fs, 0, bar) {
	}
	fmt.Println()
	// Output: [0/2] [1/2] [2/2]
}
