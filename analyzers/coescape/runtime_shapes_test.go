//asynclint:file-ignore coescape every escape in this file is deliberate: the tests prove each one panics

package coescape_test

// The shapes of escaped coroutine handles, written once and used twice:
// runtime_test.go runs each shape as a task on the real asyncrt runtime and
// shows that using the escaped *Co panics, and TestRuntimeShapes runs the
// analyzer over this same file (testdata/src/rtshapes/shapes.go is a
// symlink to it) and checks that every escape is reported, and the working
// shapes are not. This file may import only asyncrt and the standard
// library: analysistest loads it from GOPATH testdata.

import (
	"fmt"

	"github.com/asynclint/asynclint/asyncrt"
)

// catch runs f and returns what it panicked with, as a string ("" if it
// did not panic).
func catch(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

func ready() asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int { return 1 })
}

// later is how a shape hands back what a goroutine it started observed
// after the shape's task finished: the test closes release once the task
// is done, and the goroutine sends its outcome on got.
type later struct {
	release chan struct{}
	got     chan string
}

// shapeGoroutine hands the co to a goroutine, which uses it once the
// task has finished (the deterministic variant: while the task runs, the
// goroutine would race with it).
func shapeGoroutine(co *asyncrt.Co, l *later) string {
	go func() {
		<-l.release
		l.got <- catch(func() { asyncrt.Yield(co) }) // want `co is used on another goroutine`
	}()
	return ""
}

// shapeBlocking spawns from the blocking pool with the co of the async
// function, which is suspended in Join meanwhile. The blocking function
// waits until it is: the task that closes suspended runs only when the
// async function gives its worker up (the test's runtime has one worker).
// Without the wait, the blocking function could use the co while the
// coroutine still runs, and race with it instead of panicking.
func shapeBlocking(co *asyncrt.Co, _ *later) string {
	suspended := make(chan struct{})
	asyncrt.Spawn(co, asyncrt.Async(func(c *asyncrt.Co) int { close(suspended); return 0 }))
	msg, err := asyncrt.SpawnBlocking(co, func() string {
		<-suspended
		return catch(func() { asyncrt.Spawn(co, ready()) }) // want `co is used in a function run by asyncrt.SpawnBlocking`
	}).Join(co)
	if err != nil {
		return err.Error()
	}
	return msg
}

// shapeOtherCoroutine awaits with the outer co inside an Async body.
func shapeOtherCoroutine(co *asyncrt.Co, _ *later) string {
	return asyncrt.Await(co, asyncrt.Async(func(inner *asyncrt.Co) string {
		return catch(func() { asyncrt.Await(co, ready()) }) // want `co belongs to the enclosing async function`
	}))
}

// shapeStored keeps the co of a finished body and uses it afterwards.
func shapeStored(co *asyncrt.Co, _ *later) string {
	var kept *asyncrt.Co
	asyncrt.Await(co, asyncrt.Async(func(c *asyncrt.Co) int {
		kept = c // want `c is stored in kept, a variable of an enclosing function`
		return 0
	}))
	return catch(func() { asyncrt.Yield(kept) })
}

// shapeReturnedClosure calls, from the outer body, a closure made by a
// body that has returned.
func shapeReturnedClosure(co *asyncrt.Co, _ *later) string {
	closure := asyncrt.Await(co, asyncrt.Async(func(c *asyncrt.Co) func() {
		return func() { asyncrt.Yield(c) } // want `c is captured by a function literal that is returned`
	}))
	return catch(closure)
}

// The working shapes.

func shapeOwnCo(co *asyncrt.Co, _ *later) string {
	return catch(func() {
		asyncrt.Await(co, asyncrt.Async(func(inner *asyncrt.Co) int {
			return asyncrt.Await(inner, ready())
		}))
	})
}

func shapeSpawnTask(co *asyncrt.Co, _ *later) string {
	return catch(func() {
		h := asyncrt.Spawn(co, asyncrt.Async(func(task *asyncrt.Co) int {
			asyncrt.Yield(task)
			return 1
		}))
		if _, err := h.Join(co); err != nil {
			panic(err)
		}
	})
}
