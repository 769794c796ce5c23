//asynclint:file-ignore awaitinblocking every await on the blocking pool in this file is deliberate: the tests prove each one panics

package awaitinblocking_test

// The shapes of awaits on the blocking pool, written once and used twice:
// runtime_test.go runs each shape as a task on the real asyncrt runtime and
// shows what the await does there, and TestRuntimeShapes runs the analyzer
// over this same file (testdata/src/rtshapes/shapes.go is a symlink to it)
// and checks that exactly the failing awaits are reported. This file may
// import only asyncrt and the standard library: analysistest loads it from
// GOPATH testdata.

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

func ready() asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int { return 1 })
}

func sleepy(co *asyncrt.Co) int {
	asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
	return 1
}

// afterSuspend returns a channel closed once the calling task has given its
// worker up. It spawns a task that closes it: on a current-thread runtime
// that task runs only when the caller suspends (here, in Join). The
// blocking functions below wait for it, so that they use the co while its
// coroutine is certainly suspended, as it is in the common case; without
// the wait the await can also start while the coroutine still runs, and
// then races with it instead of panicking (the race detector sees it).
func afterSuspend(co *asyncrt.Co) <-chan struct{} {
	ch := make(chan struct{})
	asyncrt.Spawn(co, asyncrt.Async(func(c *asyncrt.Co) int { close(ch); return 0 }))
	return ch
}

// Each shape returns the JoinHandle's outcome of the blocking function.

func shapeAwait(co *asyncrt.Co, _ *asyncrt.Runtime) (int, error) {
	suspended := afterSuspend(co)
	return asyncrt.SpawnBlocking(co, func() int {
		<-suspended
		return asyncrt.Await(co, ready()) // want `asyncrt.Await suspends inside a function run by asyncrt.SpawnBlocking`
	}).Join(co)
}

func shapeYield(co *asyncrt.Co, _ *asyncrt.Runtime) (int, error) {
	suspended := afterSuspend(co)
	return asyncrt.SpawnBlocking(co, func() int {
		<-suspended
		asyncrt.Yield(co) // want `asyncrt.Yield suspends inside a function run by asyncrt.SpawnBlocking`
		return 1
	}).Join(co)
}

func shapeHelper(co *asyncrt.Co, _ *asyncrt.Runtime) (int, error) {
	suspended := afterSuspend(co)
	return asyncrt.SpawnBlocking(co, func() int {
		<-suspended
		return sleepy(co) // want `awaitinblocking_test.sleepy suspends \(awaitinblocking_test.sleepy → asyncrt.Await\)`
	}).Join(co)
}

// The working shape: a coroutine of its own, on a runtime of its own.
func shapeOwnRuntime(co *asyncrt.Co, other *asyncrt.Runtime) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		return asyncrt.BlockOn(other, asyncrt.Async(func(inner *asyncrt.Co) int {
			return sleepy(inner)
		}))
	}).Join(co)
}
