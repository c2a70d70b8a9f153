package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gocurrent/futures/processpool"
)

func TestMain(m *testing.M) {
	processpool.Main()
	goleak.VerifyTestMain(m)
}

func TestOutput(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	require.Equal(t, `112272535095293 is prime: true
112582705942171 is prime: true
112272535095293 is prime: true
115280095190773 is prime: true
115797848077099 is prime: true
1099726899285419 is prime: false
a worker died (exit status 3); only its task failed
97 is prime: true <nil>
`, out.String())
}
