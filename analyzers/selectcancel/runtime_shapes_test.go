//asynclint:file-ignore selectcancel the lossy loop in this file is deliberate: the tests prove it loses values

package selectcancel_test

// The shapes of a Select loop, written once and used twice:
// runtime_test.go runs them on the real asyncrt runtime and shows that the
// loop that re-makes a future that is not cancel-safe loses values, and
// TestRuntimeShapes runs the analyzer over this same file
// (testdata/src/rtshapes/shapes.go is a symlink to it) and checks that the
// lossy loop, and only it, is reported. This file may import only asyncrt
// and the standard library: analysistest loads it from GOPATH testdata.

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// readPair receives two values: dropped after the first, it loses it.
func readPair(rx *asyncrt.Receiver[int]) asyncrt.Future[[2]int] {
	return asyncrt.Async(func(co *asyncrt.Co) [2]int {
		a, _ := rx.Recv(co)
		b, _ := rx.Recv(co)
		return [2]int{a, b}
	})
}

// shapeLossy waits for pairs with a tick between them, making the pair
// future anew in each iteration.
func shapeLossy(co *asyncrt.Co, rx *asyncrt.Receiver[int], iterations int) []int {
	var got []int
	for i := 0; i < iterations; i++ {
		asyncrt.Await(co, asyncrt.SelectBiased(
			asyncrt.Case(readPair(rx), func(p [2]int) { got = append(got, p[0], p[1]) }), // want `readPair\(rx\) is not cancel-safe`
			asyncrt.Case(asyncrt.Sleep(time.Millisecond), nil),
		))
	}
	return got
}

// shapeKept keeps the pair's work across iterations: it runs as a task,
// and the loop selects on its JoinHandle, which a lost Select detaches
// instead of dropping; a new task is spawned only after one completed.
// (Passing the readPair future itself to Case in each iteration would not
// do: Select drops its losers, and a dropped Async future cannot be polled
// again.)
func shapeKept(co *asyncrt.Co, rx *asyncrt.Receiver[int], iterations int) []int {
	var got []int
	next := asyncrt.Spawn(co, readPair(rx))
	for i := 0; i < iterations; i++ {
		if asyncrt.Await(co, asyncrt.SelectBiased(
			asyncrt.Case(next, func(r asyncrt.Result[[2]int]) { got = append(got, r.Value[0], r.Value[1]) }),
			asyncrt.Case(asyncrt.Sleep(time.Millisecond), nil),
		)) == 0 {
			next = asyncrt.Spawn(co, readPair(rx))
		}
	}
	next.Abort()
	return got
}

// shapeCancelSafe receives one value at a time: RecvFuture is cancel-safe,
// so re-making it in each iteration loses nothing.
func shapeCancelSafe(co *asyncrt.Co, rx *asyncrt.Receiver[int], iterations int) []int {
	var got []int
	for i := 0; i < iterations; i++ {
		asyncrt.Await(co, asyncrt.SelectBiased(
			asyncrt.Case(rx.RecvFuture(), func(n asyncrt.Next[int]) {
				if n.OK {
					got = append(got, n.Value)
				}
			}),
			asyncrt.Case(asyncrt.Sleep(time.Millisecond), nil),
		))
	}
	return got
}
