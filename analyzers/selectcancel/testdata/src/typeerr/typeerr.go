package typeerr

import "github.com/asynclint/asynclint/asyncrt"

// Every check's pattern, next to a type error: the analysis of this package
// must be skipped cleanly, not crash.

func nested(co *asyncrt.Co, rt *asyncrt.Runtime) int {
	go func() { asyncrt.Yield(co) }()
	h := asyncrt.SpawnBlocking(co, func() int { return asyncrt.Await(co, f()) })
	v, _ := h.Join(co)
	return v + asyncrt.BlockOn(rt, f())
}

func unused(co *asyncrt.Co) int { return 1 }

func f() asyncrt.Future[int] { return asyncrt.Async(unused) }

func broken() int {
	return undefined + 1
}

func loop(co *asyncrt.Co, rx *asyncrt.Receiver[int]) {
	for {
		asyncrt.Await(co, asyncrt.Race(f(), asyncrt.Map(rx.RecvFuture(), func(asyncrt.Next[int]) int { return 0 })))
	}
}
