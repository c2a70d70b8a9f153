package processpool_test

import (
	"context"
	"math/rand/v2"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
	"github.com/gocurrent/futures/processpool"
)

func init() { processpool.Register(chaos) }

// dies says which chaos tasks kill their own worker.
func dies(i int) bool { return i%89 == 7 }

func chaos(_ context.Context, i int) (int, error) {
	if dies(i) {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Minute)
	}
	time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
	return i, nil
}

// TestChaos runs thousands of tasks while workers die under them, killed
// by their own tasks and from outside at random, some of them while they
// start: every future must end, the pool must not break, and the failures
// must be exactly the tasks of the killed workers.
func TestChaos(t *testing.T) {
	const n = 2000
	fds := openFDs(t)
	p, err := processpool.New(processpool.WithMaxWorkers(3))
	require.NoError(t, err)
	_, err = executor.Apply(p, chaos, 0) // workers can start: the pool has run
	require.NoError(t, err)
	fs := make([]*future.Future[int], n)
	for i := range fs {
		fs[i], err = executor.Submit(p, chaos, i)
		require.NoError(t, err)
	}
	killed, starting := killAtRandom(p, fs)
	external := 0
	for i, f := range fs {
		v, err := f.Result(time.Minute)
		switch {
		case dies(i):
			var ee *processpool.ExitError
			require.ErrorAs(t, err, &ee, "task %d", i)
			require.Equal(t, "signal: killed", ee.Status)
		case err != nil:
			var ee *processpool.ExitError
			require.ErrorAs(t, err, &ee, "task %d", i)
			require.True(t, killed()[ee.PID], "task %d failed on worker %d, which was not killed", i, ee.PID)
			external++
		default:
			require.Equal(t, i, v)
		}
	}
	require.LessOrEqual(t, external, len(killed()), "a killed worker fails only its own task")
	t.Logf("%d workers killed from outside (%d of them while starting) failed %d tasks; %d tasks killed their worker",
		len(killed()), starting(), external, (n+81)/89)
	require.Positive(t, starting(), "no worker was killed while it started")
	require.NoError(t, p.Shutdown(true))
	require.Equal(t, fds, openFDs(t))
}

// killAtRandom SIGKILLs a random worker every few milliseconds until every
// future is done, and every other time also the replacement it catches
// starting. It returns the set of the workers it killed and the number
// it killed while they started.
func killAtRandom(p *processpool.Pool, fs []*future.Future[int]) (killed func() map[int]bool, starting func() int) {
	var mu sync.Mutex
	dead := map[int]bool{}
	nStarting := 0
	kill := func(pid int) {
		mu.Lock()
		dead[pid] = true
		mu.Unlock()
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !fs[len(fs)-1].Done() {
			time.Sleep(time.Duration(10+rand.IntN(20)) * time.Millisecond)
			if pids := p.PIDs(); len(pids) > 0 {
				kill(pids[rand.IntN(len(pids))])
			}
			if rand.IntN(2) == 0 {
				continue
			}
			for deadline := time.Now().Add(50 * time.Millisecond); time.Now().Before(deadline); {
				if pids := p.StartingPIDs(); len(pids) > 0 {
					kill(pids[rand.IntN(len(pids))])
					nStarting++
					break
				}
				time.Sleep(200 * time.Microsecond)
			}
		}
	}()
	killed = func() map[int]bool {
		<-done
		mu.Lock()
		defer mu.Unlock()
		return dead
	}
	starting = func() int {
		<-done
		return nStarting
	}
	return killed, starting
}
