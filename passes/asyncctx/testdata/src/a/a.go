package a

import (
	"iter"
	"sort"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

func plain() {}

func task(co *asyncrt.Co) int { // want `async function co=co`
	return 1
}

func second(n int, c *asyncrt.Co) { // want `async function co=c`
}

type server struct{}

func (s *server) handle(co *asyncrt.Co) { // want `async function co=co`
}

func (s *server) sync() {}

type ticker struct{ n int }

func (t *ticker) Poll(cx *asyncrt.Context) asyncrt.Poll[int] { // want `poll method cx=cx`
	return asyncrt.Ready(t.n)
}

// Poll with the wrong signature is not a future's Poll.
func (t *ticker) PollNow() int { return t.n }

type lines struct{}

func (l lines) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[string]] { // want `poll method cx=cx`
	return asyncrt.Ready(asyncrt.Done[string]())
}

type box[T any] struct{ v T }

func (b *box[T]) Poll(cx *asyncrt.Context) asyncrt.Poll[T] { // want `poll method cx=cx`
	return asyncrt.Ready(b.v)
}

func genericTask[T any](co *asyncrt.Co, v T) T { // want `async function co=co`
	return v
}

func pollFn(cx *asyncrt.Context) asyncrt.Poll[int] { // want `poll function cx=cx`
	return asyncrt.Pending[int]()
}

// A *Context with another shape is just a helper.
func register(cx *asyncrt.Context, n int) {}

func literals(rt *asyncrt.Runtime) {
	f := asyncrt.Async(func(co *asyncrt.Co) int { // want `async function co=co`
		// Called directly: runs inline on the worker.
		func() { // want `inline in async code co=co in literals\$1`
			time.Sleep(0)
		}()
		helper := func(d time.Duration) { // want `inline in async code co=co in literals\$1`
			_ = co
		}
		helper(1)
		helper(2)
		defer func() { // want `inline in async code co=co in literals\$1`
		}()
		// Nested inline: inline inside inline.
		func() { // want `inline in async code co=co in literals\$1`
			func() { // want `inline in async code co=co in literals\$1\$4`
			}()
		}()

		// Not async: a goroutine, even one capturing co.
		go func() {
			_ = co
		}()
		go func() {}()
		// Not async: the blocking pool.
		asyncrt.SpawnBlocking(co, func() int {
			time.Sleep(time.Second)
			return 0
		})
		// Not async: passed elsewhere; when it runs is unknown.
		xs := []int{3, 1, 2}
		sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
		// Not async: stored and returned.
		stored = func() {}
		// Called directly and also passed: not only inline.
		both := func() {}
		both()
		run(both)
		return 0
	})
	_ = f
	// The enclosing function is not async, so neither is its literal.
	func() {}()
	// A literal taking the *Co anywhere is async.
	_ = asyncrt.Async(func(co *asyncrt.Co) struct{} { // want `async function co=co`
		return struct{}{}
	})
	// A poll function literal.
	_ = func(cx *asyncrt.Context) asyncrt.Poll[int] { // want `poll function cx=cx`
		return asyncrt.Ready(1)
	}
}

var stored func()

func run(f func()) { f() }

func ranges(co *asyncrt.Co, seq iter.Seq[int]) { // want `async function co=co`
	for v := range seq { // want `inline in async code co=co in ranges`
		_ = v
	}
}

func pollInline(cx *asyncrt.Context) asyncrt.Poll[int] { // want `poll function cx=cx`
	n := 0
	func() { n++ }() // want `inline in async code in pollInline`
	return asyncrt.Ready(n)
}

func callsGeneric(co *asyncrt.Co) { // want `async function co=co`
	genericTask(co, 1)    // want `instance of async function`
	genericTask(co, "s")  // want `instance of async function`
	_ = genericPlain(2)   // want `instance of not async`
	m := (*server).handle // method expression: the value is not a call
	m(&server{}, co)
	go task(co) // a go statement of an async function: still CoBody itself
}

func genericPlain[T any](v T) T { return v }
