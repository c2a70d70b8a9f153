package callback_test

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gocurrent/futures/callback"
)

func ExampleWithProgress() {
	upper := callback.NewStage(nil, func(_ context.Context, s string) (string, error) { return strings.ToUpper(s), nil })
	p := callback.NewPipeline(upper, callback.WithTotal(3),
		callback.WithProgress(func(done, total int) { fmt.Printf("%d/%d ", done, total) }))
	for range p.Run(context.Background(), slices.Values([]string{"a", "b", "c"})) {
	}
	fmt.Println()
	// Output: 0/3 1/3 2/3 3/3
}
