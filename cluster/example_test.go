package cluster_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/gocurrent/futures/cluster"
	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

// Shout is registered with the process pool's registry, so it runs on a
// cluster's workers too.
func Shout(_ context.Context, s string) (string, error) { return strings.ToUpper(s) + "!", nil }

func init() { processpool.Register(Shout) }

// An embedded server and two local workers: one command, one machine.
func ExampleNew() {
	e, err := cluster.New(cluster.WithWorkers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Shutdown(true)
	f, err := executor.Submit(e, Shout, "hello")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Result(0))
	for s, err := range executor.Map(e, Shout, []string{"a", "b", "c"}) {
		fmt.Println(s, err)
	}
	// Output:
	// HELLO! <nil>
	// A! <nil>
	// B! <nil>
	// C! <nil>
}

// A worker of the queue at a server's URL, until its context ends: on
// another machine, this is the whole program besides Main.
func ExampleServe() {
	host, err := cluster.New(cluster.WithWorkers(0)) // just the embedded server, for the example
	if err != nil {
		fmt.Println(err)
		return
	}
	defer host.Shutdown(true)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- cluster.Serve(ctx, host.URL(), cluster.WithConcurrency(4)) }()

	f, _ := executor.Submit(host, Shout, "remote")
	fmt.Println(f.Result(0))
	stop()
	fmt.Println(<-served)
	// Output:
	// REMOTE! <nil>
	// <nil>
}
