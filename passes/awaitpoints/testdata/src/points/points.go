package points

import (
	"b"

	"github.com/asynclint/asynclint/asyncrt"
)

func body(co *asyncrt.Co, f asyncrt.Future[int], h *asyncrt.JoinHandle[int]) int {
	x := asyncrt.Await(co, f)                          // want `await point: asyncrt.Await`
	asyncrt.Yield(co)                                  // want `await point: asyncrt.Yield`
	y, _ := h.Join(co)                                 // want `await point: \(\*asyncrt.JoinHandle\[T\]\).Join`
	z := b.Fetch(co, f)                                // want `await point: b.Fetch → b.get → asyncrt.Await`
	w := b.Pure(co, 1)                                 // not an await point: Pure never suspends
	helper(co)                                         // want `await point: points.helper → asyncrt.Yield`
	go helper(co)                                      // a go statement is not an await point
	defer helper(co)                                   // nor is a deferred call
	lit := func() int { return asyncrt.Await(co, f) }  // want `await point: asyncrt.Await`
	v := lit()                                         // want `await point: func literal in points.body → asyncrt.Await`
	asyncrt.SpawnBlocking(co, func() int { return 1 }) // not an await point
	return x + y + z + w + v
}

func helper(co *asyncrt.Co) { asyncrt.Yield(co) } // want `await point: asyncrt.Yield`

// The literal passed to Async is not called here; its own await is a point
// of the literal, not of build.
func build() asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int {
		asyncrt.Yield(co) // want `await point: asyncrt.Yield`
		return 0
	})
}

// The runtime's own suspending API gets facts when asyncrt is analyzed.
func asyncLock(co *asyncrt.Co, mu *asyncrt.Mutex) {
	mu.Lock(co) // want `await point: \(\*asyncrt.Mutex\).Lock → asyncrt.Await`
	mu.Unlock() // not an await point
}
