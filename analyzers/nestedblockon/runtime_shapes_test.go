//asynclint:file-ignore nestedblockon every runtime entry in this file is deliberate: the tests prove each one panics

package nestedblockon_test

// The shapes of nested runtimes, written once and used twice:
// runtime_test.go runs each shape as a task on the real asyncrt runtime and
// shows what happens (a panic, at once, not a deadlock), and
// TestRuntimeShapes runs the analyzer over this same file
// (testdata/src/rtshapes/shapes.go is a symlink to it) and checks that every
// shape that panics is reported, and the ones that work are not. This file
// may import only asyncrt and the standard library: analysistest loads it
// from GOPATH testdata.

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// env is what a shape may use: the runtime its task runs on, and another.
type env struct {
	rt, other *asyncrt.Runtime
}

func one() asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int { return 1 })
}

func shapeBlockOnSame(co *asyncrt.Co, e *env) int {
	return asyncrt.BlockOn(e.rt, one()) // want `asyncrt.BlockOn called from async code panics`
}

func shapeBlockOnOther(co *asyncrt.Co, e *env) int {
	return asyncrt.BlockOn(e.other, one()) // want `asyncrt.BlockOn called from async code panics`
}

func shapeRun(co *asyncrt.Co, e *env) int {
	return asyncrt.Run(one()) // want `asyncrt.Run called from async code panics`
}

func shapeClose(co *asyncrt.Co, e *env) int {
	e.rt.Close() // want `\(\*asyncrt.Runtime\).Close called from async code panics`
	return 0
}

// loadSync and lookup are plain functions: fine from main, not from a task.
func loadSync(e *env) int { return asyncrt.BlockOn(e.other, one()) }

func lookup(e *env) int { return loadSync(e) + 1 }

func shapeHelper(co *asyncrt.Co, e *env) int {
	return lookup(e) // want `nestedblockon_test.lookup reaches asyncrt.BlockOn`
}

// blockingPoll is a hand-written future that enters a runtime in Poll.
type blockingPoll struct{ e *env }

func (f *blockingPoll) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	return asyncrt.Ready(asyncrt.BlockOn(f.e.other, one())) // want `asyncrt.BlockOn called from async code panics`
}

func shapePoll(co *asyncrt.Co, e *env) int {
	return asyncrt.Await[int](co, &blockingPoll{e})
}

func shapeInline(co *asyncrt.Co, e *env) int {
	get := func() int {
		return asyncrt.Run(one()) // want `asyncrt.Run called from async code panics`
	}
	return get()
}

// The working shapes: the blocking pool and a goroutine are not workers.

func shapeSpawnBlocking(co *asyncrt.Co, e *env) int {
	v, err := asyncrt.SpawnBlocking(co, func() int { return lookup(e) }).Join(co)
	if err != nil {
		panic(err)
	}
	return v
}

func shapeGoroutine(co *asyncrt.Co, e *env) int {
	got := make(chan int, 1)
	go func() { got <- asyncrt.BlockOn(e.other, one()) }()
	for {
		select {
		case v := <-got:
			return v
		default:
			asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
		}
	}
}

func shapeAwait(co *asyncrt.Co, e *env) int {
	return asyncrt.Await(co, one())
}
