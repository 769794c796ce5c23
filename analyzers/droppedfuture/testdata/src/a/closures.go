package a

import "github.com/asynclint/asynclint/asyncrt"

// Negative: captured by a closure that is spawned.
func capturedSpawned(co *asyncrt.Co) *asyncrt.JoinHandle[int] {
	f := fetch("a")
	return asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
		return asyncrt.Await(co, f)
	}))
}

// Negative: captured by a closure that is called.
func capturedCalled(co *asyncrt.Co) int {
	f := fetch("a")
	run := func() int { return asyncrt.Await(co, f) }
	return run()
}

// Negative: captured by a deferred closure; the variable is set after the
// defer statement, and the closure reads it when the function returns.
func capturedDeferred(co *asyncrt.Co) {
	var f asyncrt.Future[int]
	defer func() {
		if f != nil {
			asyncrt.Await(co, f)
		}
	}()
	f = fetch("a")
}

// Negative: captured through a chain of closures.
func capturedNested(co *asyncrt.Co) {
	f := fetch("a")
	inner := func() { asyncrt.Await(co, f) }
	outer := func(co *asyncrt.Co) int { inner(); return 0 }
	asyncrt.Spawn(co, asyncrt.Async(outer))
}

// Negative: captured by a go statement's closure.
func capturedGo(co *asyncrt.Co) {
	f := fetch("a")
	go func() {
		asyncrt.Run(f)
	}()
}

// Positive: captured by a closure that is never called nor handed on.
func capturedUnused(co *asyncrt.Co) {
	f := fetch("a") // want `f, the asyncrt\.Future\[int\] returned by fetch, is dropped on a path to the end of the function`
	g := func() { asyncrt.Await(co, f) }
	_ = g
}

// Positive: captured by a closure that only looks at it.
func capturedLooked(co *asyncrt.Co) bool {
	f := fetch("a") // want `is dropped on the path to the return at line 59`
	isNil := func() bool { return f == nil }
	return isNil()
}

// Positive: the closure is called, but only after the variable it reads
// was overwritten: the first future is lost.
func capturedOverwritten(co *asyncrt.Co) {
	f := fetch("a") // want `is overwritten at line 67 before it is used`
	run := func() { asyncrt.Await(co, f) }
	f = fetch("b")
	run()
}

// Positive: a method value bound to a dropped future is never called.
func boundNeverCalled(cx *asyncrt.Context) {
	f := fetch("a") // want `is dropped on a path to the end of the function`
	poll := f.Poll
	_ = poll
}

// Negative: a method value bound to the future is called: it is polled.
func boundCalled(cx *asyncrt.Context) bool {
	f := fetch("a")
	poll := f.Poll
	return poll(cx).IsReady()
}

// Positive: inside a literal, with the literal's own co.
func insideLiteral(co *asyncrt.Co) asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int {
		fetch("x") // want `returned by fetch is dropped`
		return 1
	})
}
