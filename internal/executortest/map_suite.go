package executortest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gocurrent/futures/executor"
	"github.com/gocurrent/futures/future"
)

func ints(n int) []int {
	xs := make([]int, n)
	for i := range xs {
		xs[i] = i
	}
	return xs
}

var mapTests = map[string]func(*testing.T, Factory){
	"results come in input order": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 3)
		for _, chunk := range []int{1, 7, 1000} {
			var got []int
			for v, err := range executor.Map(e, Double, ints(500), executor.WithChunkSize(chunk)) {
				require.NoError(t, err)
				got = append(got, v)
			}
			require.Len(t, got, 500)
			for i, v := range got {
				require.Equal(t, 2*i, v)
			}
		}
	},
	"a failed item yields its error and the rest go on": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 2)
		i := 0
		for v, err := range executor.Map(e, FailOdd, ints(20), executor.WithChunkSize(3)) {
			if i%2 == 1 {
				require.EqualError(t, err, "odd input "+strconv.Itoa(i))
			} else {
				require.NoError(t, err)
				require.Equal(t, 2*i, v)
			}
			i++
		}
		require.Equal(t, 20, i)
	},
	"deadline yields ErrTimeout and stops": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		ds := []time.Duration{0, 0, time.Hour, 0}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel() // ends the hour-long call, which the deadline does not stop
		var errs []error
		for _, err := range executor.Map(e, Sleep, ds, executor.WithTimeout(200*time.Millisecond),
			executor.WithChunkSize(1), executor.WithContext(ctx)) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 3)
		require.NoError(t, errs[0])
		require.NoError(t, errs[1])
		require.ErrorIs(t, errs[2], future.ErrTimeout)
	},
	"breaking early cancels the calls not started": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		m := marks(t, 10, 100*time.Millisecond)
		for _, err := range executor.Map(e, Touch, m, executor.WithChunkSize(1)) {
			require.NoError(t, err)
			break
		}
		require.NoError(t, e.Shutdown(true))
		n := 0
		for _, mk := range m {
			if ran(mk) {
				n++
			}
		}
		require.LessOrEqual(t, n, 3, "calls ran after the loop was left")
	},
	"a sequence can be ranged once": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		seq := executor.Map(e, Double, ints(3))
		n := 0
		for range seq {
			n++
		}
		require.Equal(t, 3, n)
		for _, err := range seq {
			require.Error(t, err)
		}
	},
	"invalid chunk size is an error, not a crash": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		n := 0
		for _, err := range executor.Map(e, Double, ints(3), executor.WithChunkSize(0)) {
			require.ErrorContains(t, err, "WithChunkSize(0)")
			n++
		}
		require.Equal(t, 1, n)
	},
	"MapAll waits for every call and names the first failure": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 2)
		got, err := executor.MapAll(e, FailOdd, ints(9), executor.WithChunkSize(2))
		var me *executor.MapError
		require.ErrorAs(t, err, &me)
		require.Equal(t, 1, me.Index)
		require.Equal(t, 4, me.Failed)
		require.EqualError(t, me.Err, "odd input 1")
		require.Equal(t, []int{0, 0, 4, 0, 8, 0, 12, 0, 16}, got)
		got, err = executor.MapAll(e, Double, ints(5))
		require.NoError(t, err)
		require.Equal(t, []int{0, 2, 4, 6, 8}, got)
	},
	"MapAsync is one future of the whole slice": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 2)
		got, err := executor.MapAsync(e, Double, ints(50)).Result(patience)
		require.NoError(t, err)
		require.Len(t, got, 50)
		require.Equal(t, 98, got[49])
		err = executor.MapAsync(e, FailOdd, ints(4)).Err(patience)
		var me *executor.MapError
		require.ErrorAs(t, err, &me)
	},
	"MapUnordered tells which input each result is for": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 3)
		seen := map[int]bool{}
		for i, r := range executor.MapUnordered(e, FailOdd, ints(40), executor.WithChunkSize(3)) {
			require.False(t, seen[i])
			seen[i] = true
			if i%2 == 1 {
				require.Error(t, r.Err)
			} else {
				require.NoError(t, r.Err)
				require.Equal(t, 2*i, r.Value)
			}
		}
		require.Len(t, seen, 40)
	},
	"MapSeq reads an endless input lazily": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 2)
		read := 0
		naturals := func(yield func(int) bool) {
			for i := 0; ; i++ {
				read++
				if !yield(i) {
					return
				}
			}
		}
		var got []int
		for v, err := range executor.MapSeq(e, Double, naturals, executor.WithBufferSize(4)) {
			require.NoError(t, err)
			got = append(got, v)
			require.LessOrEqual(t, read, len(got)+4, "read too far ahead")
			if len(got) == 25 {
				break
			}
		}
		want := ints(25)
		for i := range want {
			want[i] *= 2
		}
		require.True(t, slices.Equal(want, got))
	},
	"after Shutdown Map yields ErrShutdown once": func(t *testing.T, newExec Factory) {
		e := open(t, newExec, 1)
		require.NoError(t, e.Shutdown(true))
		n := 0
		for _, err := range executor.Map(e, Double, ints(10)) {
			require.ErrorIs(t, err, executor.ErrShutdown)
			n++
		}
		require.Equal(t, 1, n)
		_, err := executor.MapAll(e, Double, ints(10))
		require.True(t, errors.Is(err, executor.ErrShutdown))
	},
}
