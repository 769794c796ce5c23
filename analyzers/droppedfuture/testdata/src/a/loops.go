package a

import "github.com/asynclint/asynclint/asyncrt"

// Positive: a future created in a loop and overwritten by the next one;
// only the last one is awaited.
func lastOnly(co *asyncrt.Co, urls []string) int {
	var f asyncrt.Future[int]
	for _, u := range urls {
		f = fetch(u) // want `f, the asyncrt\.Future\[int\] returned by fetch, is dropped when the loop goes round again before it is used`
	}
	if f == nil {
		return 0
	}
	return asyncrt.Await(co, f)
}

// Positive: continue skips the await.
func skipped(co *asyncrt.Co, urls []string) (n int) {
	for _, u := range urls {
		f := fetch(u) // want `is dropped when the loop goes round again before it is used`
		if u == "" {
			continue
		}
		n += asyncrt.Await(co, f)
	}
	return n
}

// Positive: created in a loop and dropped by a forgotten await in the body.
func loopStmt(co *asyncrt.Co, urls []string) {
	for _, u := range urls {
		fetch(u) // want `returned by fetch is dropped`
	}
}

// Positive: a previous future kept in a variable across iterations, but
// replaced without being awaited on one path.
func prevReplaced(co *asyncrt.Co, urls []string) {
	var prev asyncrt.Future[int]
	for _, u := range urls {
		if prev != nil && len(u) > 3 {
			asyncrt.Await(co, prev)
		}
		prev = fetch(u) // want `prev, the asyncrt\.Future\[int\] returned by fetch, is dropped when the loop goes round again before it is used`
	}
	if prev != nil {
		asyncrt.Await(co, prev)
	}
}

// Negative: each iteration's future is awaited.
func eachAwaited(co *asyncrt.Co, urls []string) (n int) {
	for _, u := range urls {
		f := fetch(u)
		n += asyncrt.Await(co, f)
	}
	return n
}

// Negative: each iteration's future is collected.
func collected(urls []string) []asyncrt.Future[int] {
	var fs []asyncrt.Future[int]
	for _, u := range urls {
		fs = append(fs, fetch(u))
	}
	return fs
}

// Negative: the previous future is always awaited before it is replaced.
func pipelined(co *asyncrt.Co, urls []string) (n int) {
	var prev asyncrt.Future[int]
	for _, u := range urls {
		next := fetch(u)
		if prev != nil {
			n += asyncrt.Await(co, prev)
		}
		prev = next
	}
	if prev != nil {
		n += asyncrt.Await(co, prev)
	}
	return n
}

// Negative: spawned in a loop, the handles detached.
func spawnAll(co *asyncrt.Co, urls []string) {
	for _, u := range urls {
		asyncrt.Spawn(co, fetch(u))
	}
}
