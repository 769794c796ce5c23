package a

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Service is an interface whose method returns a future.
type Service interface {
	Fetch(id int) asyncrt.Future[string]
}

func ifaceMethodDropped(s Service) {
	s.Fetch(1) // want `the asyncrt\.Future\[string\] returned by s\.Fetch is dropped`
}

func ifaceMethodAwaited(co *asyncrt.Co, s Service) string {
	return asyncrt.Await(co, s.Fetch(1))
}

type pendingReq struct {
	f    asyncrt.Future[int]
	name string
}

// limitation: a future stored in a field of a local struct that is then
// discarded is not reported; storing into any field counts as handing the
// future on.
func structLiteralUnused() {
	p := pendingReq{f: fetch("a"), name: "a"}
	_ = p.name
}

func structLiteralReturned() pendingReq {
	return pendingReq{f: fetch("a")}
}

func overwriteStraight(co *asyncrt.Co) int {
	f := fetch("a") // want `f, the asyncrt\.Future\[int\] returned by fetch, is overwritten before it is used`
	f = fetch("b")
	return asyncrt.Await(co, f)
}

func variadic(fs ...asyncrt.Future[int]) {}

func passedToVariadic() {
	f := fetch("a")
	variadic(f, fetch("b"))
}

func namedResultAssigned(ok bool) (f asyncrt.Future[int]) {
	f = fetch("a")
	if ok {
		return
	}
	return f
}

func sentInSelect(ch chan asyncrt.Future[int], done chan struct{}) {
	f := fetch("a")
	select {
	case ch <- f:
	case <-done:
		// limitation: not reported — the future is an operand of the
		// select statement, which counts as sending it on every branch.
	}
}

func deferredAwait(co *asyncrt.Co) {
	f := fetch("a")
	defer asyncrt.Await(co, f)
}

func switchInit(co *asyncrt.Co) int {
	switch f := fetch("a"); { // want `f, the asyncrt\.Future\[int\] returned by fetch, is dropped on the path to the return at line 80`
	case cond():
		return 0
	default:
		return asyncrt.Await(co, f)
	}
}

func joinDropped() {
	a, b := fetch("a"), fetch("b")
	asyncrt.Join(a, b) // want `the asyncrt\.Future\[asyncrt\.Pair\[int, int\]\] returned by asyncrt\.Join is dropped`
}

func joinAwaited(co *asyncrt.Co) int {
	p := asyncrt.Await(co, asyncrt.Join(fetch("a"), fetch("b")))
	return p.First + p.Second
}

func blankSleep() {
	_ = asyncrt.Sleep(time.Millisecond) // want `returned by asyncrt\.Sleep is assigned to _`
}

func spawnIntDetached(rt *asyncrt.Runtime) {
	asyncrt.Spawn(rt, fetch("a"))
}

func spawnErrorDetached(rt *asyncrt.Runtime) {
	asyncrt.Spawn(rt, asyncrt.Async(func(co *asyncrt.Co) error { return errors.New("x") })) // want `JoinHandle\[error\] returned by asyncrt\.Spawn is dropped, so the task's error is lost`
}

type errBox struct{ err error }

func spawnStructErr(rt *asyncrt.Runtime) {
	asyncrt.Spawn(rt, asyncrt.Async(func(co *asyncrt.Co) errBox { return errBox{} })) // want `JoinHandle\[errBox\] returned by asyncrt\.Spawn is dropped, so the task's error is lost`
}

// A slice of errors carries errors just as well: reported.
func spawnErrSlice(rt *asyncrt.Runtime) {
	asyncrt.Spawn(rt, asyncrt.Async(func(co *asyncrt.Co) []error { return nil })) // want `JoinHandle\[\[\]error\] returned by asyncrt\.Spawn is dropped, so the task's error is lost`
}

// A JoinSet keeps the task: its error comes back from JoinNext, so the
// handle Spawn returns can be dropped.
func joinSetSpawn(co *asyncrt.Co) error {
	js := asyncrt.NewJoinSet[error](co)
	js.Spawn(asyncrt.Async(func(co *asyncrt.Co) error { return nil }))
	_, err, _ := js.JoinNext(co)
	return err
}

// limitation: a future stored in a local map that is then discarded is
// not reported; storing into a map counts as handing the future on.
func localMap() {
	m := map[string]asyncrt.Future[int]{}
	m["a"] = fetch("a")
}

type pollWrapper struct{ inner asyncrt.Future[int] }

func (w *pollWrapper) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	f := fetch("a")
	return f.Poll(cx)
}

func methodValuePassed(c *Client, run func(func(string) asyncrt.Future[string])) {
	run(c.Fetch)
}

func makeF[F asyncrt.Future[int]](mk func() F) F { return mk() }

func genericCtorDropped() {
	makeF(func() asyncrt.Future[int] { return fetch("a") }) // want `returned by makeF is dropped`
}

func genericCtorAwaited(co *asyncrt.Co) int {
	return asyncrt.Await(co, makeF(func() asyncrt.Future[int] { return fetch("a") }))
}

func deferredClosure(co *asyncrt.Co) {
	f := fetch("a")
	defer func() { asyncrt.Await(co, f) }()
}

func deferredClosureForgets(co *asyncrt.Co) {
	f := fetch("a") // want `f, the asyncrt\.Future\[int\] returned by fetch, is dropped on a path to the end of the function`
	defer func() { fmt.Println("done") }()
	_ = f == nil
}

func explicitDropped() {
	asyncrt.Drop(fetch("a"))
}

func timeoutDropped(co *asyncrt.Co) {
	asyncrt.Timeout(time.Second, fetch("a")) // want `returned by asyncrt\.Timeout is dropped`
}

func mapDropped() {
	asyncrt.Map(fetch("a"), func(n int) string { return fmt.Sprint(n) }) // want `returned by asyncrt\.Map is dropped`
}

func raceInLoop(co *asyncrt.Co, n int) {
	for i := 0; i < n; i++ {
		r := asyncrt.Race(fetch("a"), fetch("b")) // want `r, the asyncrt\.Future\[int\] returned by asyncrt\.Race, is dropped when the loop goes round again before it is used`
		if i == 3 {
			asyncrt.Await(co, r)
		}
	}
}

func typeSwitchReturn(x any) asyncrt.Future[int] {
	f := fetch("a")
	switch x.(type) {
	case int:
		return f
	}
	return asyncrt.Map(f, func(n int) int { return n })
}

func goClosureAwaits(rt *asyncrt.Runtime) {
	f := fetch("a")
	go func() { asyncrt.Run(f) }()
}

func abortOnDropDropped(h *asyncrt.JoinHandle[int]) {
	asyncrt.AbortOnDrop(h) // want `returned by asyncrt\.AbortOnDrop is dropped`
}

func immediateLiteral() {
	func() asyncrt.Future[int] { return fetch("a") }() // want `returned by func\(\) asyncrt\.Future\[int\] \{ return fetch\("a"\) \} is dropped|is dropped`
}

func ifInit(co *asyncrt.Co) int {
	if f := fetch("a"); cond() { // want `f, the asyncrt\.Future\[int\] returned by fetch, is dropped on the path to the return at line 214`
		return asyncrt.Await(co, f)
	}
	return 0
}

// A builder step returns its receiver: calling it does not hand the
// future on, so the request below is still dropped.
func builderOnly(c *Client) {
	r := c.Get("/x") // want `r, the future \*Request returned by c\.Get, is dropped on a path to the end of the function`
	r.Header("k", "v")
}

func builderThenAwait(co *asyncrt.Co, c *Client) string {
	r := c.Get("/x")
	r.Header("k", "v")
	return asyncrt.Await[string](co, r)
}

type Box[T any] struct{ v T }

func (b Box[T]) Later() asyncrt.Future[T] {
	return asyncrt.Async(func(co *asyncrt.Co) T { return b.v })
}

func genericMethodDropped() {
	Box[int]{v: 1}.Later() // want `the asyncrt\.Future\[int\] returned by Box\[int\]\{…\}\.Later is dropped`
}

func tickerLoop(co *asyncrt.Co, iv *asyncrt.Interval, n int) {
	for i := 0; i < n; i++ {
		asyncrt.Await(co, iv.Tick())
	}
}

func spawnedByJoinSet(co *asyncrt.Co) {
	js := asyncrt.NewJoinSet[int](co)
	f := fetch("a")
	js.Spawn(f)
	js.AbortAll()
}

func handleErrPointer(rt *asyncrt.Runtime) {
	asyncrt.SpawnBlocking(rt, func() *errBox { return nil }) // want `JoinHandle\[\*errBox\] returned by asyncrt\.SpawnBlocking is dropped, so the task's error is lost`
}

func handleKeptInVar(rt *asyncrt.Runtime) {
	h := asyncrt.Spawn(rt, fetch("a"))
	_ = h
}

func handleMapErr(rt *asyncrt.Runtime) {
	h := asyncrt.Spawn(rt, asyncrt.Async(func(co *asyncrt.Co) map[string]error { return nil })) // want `h, the \*asyncrt\.JoinHandle\[map\[string\]error\] returned by asyncrt\.Spawn, is not joined on a path to the end of the function, so the task's error is lost`
	_ = h.IsFinished()
}
