// Command processpool checks big numbers for primality in worker
// processes. It mirrors the ProcessPoolExecutor example of Python's
// concurrent.futures documentation:
//
//	with concurrent.futures.ProcessPoolExecutor() as executor:
//	    for number, prime in zip(PRIMES, executor.map(is_prime, PRIMES)):
//	        print('%d is prime: %s' % (number, prime))
//
// and then shows what Python cannot: a worker that crashes fails only its
// own task, and the pool goes on.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/processpool"
)

var primes = []int{112272535095293, 112582705942171, 112272535095293, 115280095190773, 115797848077099, 1099726899285419}

// Registered at package initialisation, so that the workers, which run
// this same program, can find them by name.
var (
	isPrime = processpool.Register(checkPrime)
	crash   = processpool.Register(exit)
)

func checkPrime(_ context.Context, n int) (bool, error) {
	if n < 2 || n%2 == 0 {
		return n == 2, nil
	}
	for i := 3; i <= int(math.Sqrt(float64(n))); i += 2 {
		if n%i == 0 {
			return false, nil
		}
	}
	return true, nil
}

func exit(_ context.Context, code int) (int, error) {
	os.Exit(code)
	return 0, nil
}

func main() {
	processpool.Main() // in a worker, this serves the pool and never returns
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "processpool:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	p, err := processpool.New()
	if err != nil {
		return err
	}
	defer p.Shutdown(true)

	i := 0
	for prime, err := range executor.Map(p, isPrime, primes, executor.WithChunkSize(1)) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%d is prime: %v\n", primes[i], prime)
		i++
	}

	_, err = executor.Apply(p, crash, 3)
	var ee *processpool.ExitError
	if !errors.As(err, &ee) {
		return fmt.Errorf("the crashing task failed with %v, not an ExitError", err)
	}
	fmt.Fprintf(w, "a worker died (%s); only its task failed\n", ee.Status)
	ok, err := executor.Apply(p, isPrime, 97)
	fmt.Fprintln(w, "97 is prime:", ok, err)
	return nil
}
