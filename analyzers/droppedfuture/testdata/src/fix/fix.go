package fix

import (
	"time"

	rt "github.com/asynclint/asynclint/asyncrt"
)

func fetch(url string) rt.Future[int] {
	return rt.Async(func(c *rt.Co) int { return len(url) })
}

type reader struct{}

func (reader) Poll(cx *rt.Context) rt.Poll[[]byte] { return rt.Ready([]byte(nil)) }

func read() reader { return reader{} }

// The file calls the runtime rt and the coroutine c.
func statement(c *rt.Co) {
	fetch("a")                 // want `returned by fetch is dropped`
	rt.Sleep(time.Millisecond) // want `returned by rt\.Sleep is dropped`
	(fetch("b"))               // want `returned by fetch is dropped`
}

func blank(c *rt.Co) {
	_ = fetch("a") // want `returned by fetch is assigned to _`
}

// A user-defined future: Await infers T through the Poll method.
func userFuture(c *rt.Co) {
	read() // want `future reader returned by read is dropped`
}

// Inside a literal, the literal's own co is the one in scope.
func literal(outer *rt.Co) rt.Future[int] {
	return rt.Async(func(inner *rt.Co) int {
		fetch("a") // want `returned by fetch is dropped`
		return 0
	})
}

// No fix: the enclosing literal has no co (the outer one belongs to
// another coroutine).
func noCoInLiteral(co *rt.Co) {
	go func() {
		fetch("a") // want `returned by fetch is dropped`
	}()
}

// No fix: the co parameter is shadowed at the call.
func shadowed(co *rt.Co) {
	{
		co := 1
		_ = co
		fetch("a") // want `returned by fetch is dropped`
	}
}

// No fix: the import name is shadowed at the call.
func importShadowed(c *rt.Co) {
	rt := 0
	_ = rt
	fetch("a") // want `returned by fetch is dropped`
}

// No fix: a call with several results.
func pair() (rt.Future[int], error) { return nil, nil }

func tuple(c *rt.Co) {
	pair() // want `returned by pair is dropped`
}

// A type parameter future is awaited the same way.
func generic[F rt.Future[string]](c *rt.Co, make func() F) {
	make() // want `future F returned by make is dropped`
}
