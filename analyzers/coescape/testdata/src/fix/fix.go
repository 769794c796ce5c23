package fix

import "github.com/asynclint/asynclint/asyncrt"

func get(key string) asyncrt.Future[string] {
	return asyncrt.Async(func(co *asyncrt.Co) string { return key })
}

// Every mention of the outer co in the body is replaced.
func both(co *asyncrt.Co) string {
	return asyncrt.Await(co, asyncrt.Async(func(c *asyncrt.Co) string {
		a := asyncrt.Await(co, get("a")) // want `co belongs to the enclosing async function`
		asyncrt.Yield(co)
		return a + asyncrt.Await(co, get("b"))
	}))
}

// Spawned bodies too.
func spawned(co *asyncrt.Co) *asyncrt.JoinHandle[string] {
	return asyncrt.Spawn(co, asyncrt.Async(func(task *asyncrt.Co) string {
		return asyncrt.Await(co, get("c")) // want `co belongs to the enclosing async function`
	}))
}

// No fix: the body's co is shadowed where the outer one is used.
func shadowed(co *asyncrt.Co) asyncrt.Future[int] {
	return asyncrt.Async(func(c *asyncrt.Co) int {
		c2 := c
		{
			c := 0
			asyncrt.Yield(co) // want `co belongs to the enclosing async function`
			_ = c
		}
		asyncrt.Yield(c2)
		return 0
	})
}
