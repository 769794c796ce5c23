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

// Each shape returns the JoinHandle's outcome of the blocking function.

func shapeAwait(co *asyncrt.Co, _ *asyncrt.Runtime) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		return asyncrt.Await(co, ready()) // want `asyncrt.Await suspends inside a function run by asyncrt.SpawnBlocking`
	}).Join(co)
}

func shapeYield(co *asyncrt.Co, _ *asyncrt.Runtime) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		asyncrt.Yield(co) // want `asyncrt.Yield suspends inside a function run by asyncrt.SpawnBlocking`
		return 1
	}).Join(co)
}

func shapeHelper(co *asyncrt.Co, _ *asyncrt.Runtime) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
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
