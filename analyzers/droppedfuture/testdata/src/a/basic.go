package a

import (
	"fmt"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Positive: the classic forgotten await.
func exprStmt(co *asyncrt.Co) {
	fetch("a") // want `the asyncrt\.Future\[int\] returned by fetch is dropped: futures do nothing unless awaited, polled or spawned`
}

// Positive: an async block created and dropped.
func asyncLiteral(co *asyncrt.Co) {
	asyncrt.Async(func(co *asyncrt.Co) int { return 1 }) // want `the asyncrt\.Future\[int\] returned by asyncrt\.Async is dropped`
}

// Positive: a "sleep" that does not sleep.
func sleepDropped(co *asyncrt.Co) {
	asyncrt.Sleep(time.Second) // want `the asyncrt\.Future\[struct\{\}\] returned by asyncrt\.Sleep is dropped`
}

// Positive: assigned to the blank identifier.
func blank(co *asyncrt.Co) {
	_ = fetch("a") // want `the asyncrt\.Future\[int\] returned by fetch is assigned to _: futures do nothing`
}

// Positive: blank in a var declaration, outside any async function.
var _ = fetch("init") // want `returned by fetch is assigned to _`

// Positive: a future returned together with an error, future discarded.
func tupleBlank(co *asyncrt.Co) error {
	_, err := mk("a") // want `the asyncrt\.Future\[int\] returned by mk is assigned to _`
	return err
}

// Positive: a call with several results as an expression statement.
func tupleStmt() {
	mk("a") // want `returned by mk is dropped`
}

// Positive: a method call.
func methodCall(c *Client) {
	c.Fetch("/x") // want `the asyncrt\.Future\[string\] returned by c\.Fetch is dropped`
}

// Positive: a method value returning a future.
func methodValue(c *Client) {
	get := c.Fetch
	get("/x") // want `returned by get is dropped`
}

// Positive: an interval tick that is never awaited.
func tick(iv *asyncrt.Interval) {
	iv.Tick() // want `the asyncrt\.Future\[time\.Time\] returned by iv\.Tick is dropped`
}

// Positive: a go statement discards the result of the call it runs.
func goStmt() {
	go fetch("a") // want `returned by fetch is discarded by the go statement`
}

// Positive: a user-defined future type.
func userType(c *Client) {
	c.Get("/x") // want `the future \*Request returned by c\.Get is dropped`
}

// Positive: the future wrapper made by a method of a user future.
func userWrapper(c *Client) {
	c.Get("/x").WithTimeout(time.Second) // want `returned by c\.Get\("/x"\)\.WithTimeout is dropped`
}

// Positive: overwritten before anything reads it.
func overwrittenAtOnce(co *asyncrt.Co) int {
	f := fetch("a") // want `f, the asyncrt\.Future\[int\] returned by fetch, is overwritten before it is used`
	f = fetch("b")
	return asyncrt.Await(co, f)
}

// Positive: a future converted to any and dropped with it.
func viaInterface(co *asyncrt.Co) {
	var x any = fetch("a") // want `x, the asyncrt\.Future\[int\] returned by fetch, is dropped on a path to the end of the function`
	if x == nil {
		fmt.Println("nil")
	}
}

// Negative: awaited.
func awaited(co *asyncrt.Co) int {
	return asyncrt.Await(co, fetch("a"))
}

// Negative: spawned; the JoinHandle[int] is detached, which is fine.
func spawned(co *asyncrt.Co) {
	asyncrt.Spawn(co, fetch("a"))
}

// Negative: returned to the caller, who is responsible for it.
func returned() asyncrt.Future[int] {
	return fetch("a")
}

// Negative: a named result.
func namedResult() (f asyncrt.Future[int]) {
	f = fetch("a")
	return
}

// Negative: passed to a function, any function, even fmt.Println.
func printed() {
	fmt.Println(fetch("a"))
}

// Negative: passed to a generic helper.
func genericHelper() {
	consume(fetch("a"))
}

// Negative: polled by hand.
func polled(cx *asyncrt.Context) bool {
	f := fetch("a")
	return f.Poll(cx).IsReady()
}

// Negative: builder steps return their receiver; the request is awaited.
func builder(co *asyncrt.Co, c *Client) string {
	req := c.Get("/x")
	req.Header("a", "b")
	return asyncrt.Await(co, req)
}

// Negative: an interface value that merely happens to hold a future.
func opaque() any { return nil }

func dynamicFuture() {
	opaque()
}

// Negative: the error path of a (future, error) constructor.
func errorPath(co *asyncrt.Co) (int, error) {
	f, err := mk("a")
	if err != nil {
		return 0, err
	}
	return asyncrt.Await(co, f), nil
}

// Negative: nothing to drop on the nil branch.
func nilBranch(co *asyncrt.Co, make func() asyncrt.Future[int]) int {
	f := make()
	if f == nil {
		return 0
	}
	return asyncrt.Await(co, f)
}

// Negative: a path that panics drops nothing worth reporting.
func panics(co *asyncrt.Co) int {
	f := fetch("a")
	if cond() {
		panic("no")
	}
	return asyncrt.Await(co, f)
}

// Negative: Await's result is not a future.
func awaitResult(co *asyncrt.Co) {
	asyncrt.Await(co, fetch("a"))
}

// Positive: ...but when the result of an await is itself a future, dropping it drops the inner one.
func nested(co *asyncrt.Co) {
	asyncrt.Await(co, asyncrt.Async(func(co *asyncrt.Co) asyncrt.Future[int] { return fetch("a") })) // want `the asyncrt\.Future\[int\] returned by asyncrt\.Await is dropped`
}

func tryFetch(url string) (asyncrt.Future[int], bool) {
	if url == "" {
		return nil, false
	}
	return fetch(url), true
}

// Negative: the comma-ok contract; no future when ok is false.
func commaOK(co *asyncrt.Co, url string) int {
	f, ok := tryFetch(url)
	if !ok {
		return 0
	}
	return asyncrt.Await(co, f)
}

// Negative: the same, testing ok the other way round.
func commaOKThen(co *asyncrt.Co, url string) int {
	if f, ok := tryFetch(url); ok {
		return asyncrt.Await(co, f)
	}
	return 0
}

// Positive: an error from another call does not excuse the future.
func otherError(co *asyncrt.Co) (int, error) {
	f := fetch("a") // want `f, the asyncrt\.Future\[int\] returned by fetch, is dropped on the path to the return at line 206`
	if err := validate("b"); err != nil {
		return 0, err
	}
	return asyncrt.Await(co, f), nil
}

// Positive: a defer statement discards the future its call returns.
func deferStmt() {
	defer fetch("a") // want `returned by fetch is discarded by the defer statement`
}

// Negative: explicitly dropped, which is a call like any other.
func explicitDrop() {
	asyncrt.Drop(fetch("a"))
}

func validate(url string) error { return nil }
