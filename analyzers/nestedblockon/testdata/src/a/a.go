package a

import (
	"iter"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
	"helpers"
)

var shared = asyncrt.New()

// ---- Positive: the runtime entered directly from async code ----

func handle(co *asyncrt.Co, req string) string {
	return asyncrt.BlockOn(shared, fetch(req)) // want `asyncrt.BlockOn called from async code panics at run time \(the runtime refuses it on a worker: it would park this worker until a future completes that may need this very worker\); await the future instead: asyncrt.Await\(co, f\)`
}

func handleRun(co *asyncrt.Co, req string) string {
	return asyncrt.Run(fetch(req)) // want `asyncrt.Run called from async code panics at run time \(the runtime refuses it on a worker: it would start a second runtime`
}

func handleTyped(co *asyncrt.Co, rt *asyncrt.Runtime) int {
	return asyncrt.BlockOn[int](rt, count()) // want `asyncrt.BlockOn called from async code panics`
}

func shutdownFromTask(co *asyncrt.Co, rt *asyncrt.Runtime) {
	asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
	rt.Close() // want `\(\*asyncrt.Runtime\).Close called from async code panics at run time \(.*possibly including the one calling it\); close the runtime from the code that created it, outside async code`
}

func deferredClose(ctx *asyncrt.Co) int {
	rt := asyncrt.New()
	defer rt.Close()                    // want `\(\*asyncrt.Runtime\).Close called from async code panics`
	return asyncrt.BlockOn(rt, count()) // want `asyncrt.BlockOn called from async code panics.*asyncrt.Await\(ctx, f\)`
}

type server struct{ rt *asyncrt.Runtime }

// An async method.
func (s *server) serve(co *asyncrt.Co, req string) string {
	return asyncrt.BlockOn(s.rt, fetch(req)) // want `asyncrt.BlockOn called from async code panics`
}

// Literals that run inline in async code are async code.
func inlineLiteral(co *asyncrt.Co) int {
	get := func() int {
		return asyncrt.BlockOn(shared, count()) // want `asyncrt.BlockOn called from async code panics`
	}
	return get() + 1
}

func deferredLiteral(co *asyncrt.Co, rt *asyncrt.Runtime) {
	defer func() {
		rt.Close() // want `\(\*asyncrt.Runtime\).Close called from async code panics`
	}()
	asyncrt.Yield(co)
}

func rangeOverFunc(co *asyncrt.Co, reqs iter.Seq[string]) {
	for r := range reqs {
		_ = asyncrt.Run(fetch(r)) // want `asyncrt.Run called from async code panics`
	}
}

// The body of an Async literal is an async function.
func spawnBody(rt *asyncrt.Runtime) *asyncrt.JoinHandle[int] {
	return asyncrt.Spawn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		return asyncrt.BlockOn(rt, count()) // want `asyncrt.BlockOn called from async code panics`
	}))
}

// ---- Positive: Poll methods and poll functions ----

type blockingFuture struct{ rt *asyncrt.Runtime }

func (f *blockingFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	return asyncrt.Ready(asyncrt.BlockOn(f.rt, count())) // want `asyncrt.BlockOn called from async code panics.*poll the future as a child of this one \(f.Poll\(cx\)\) instead`
}

func pollFunc(rt *asyncrt.Runtime) func(*asyncrt.Context) asyncrt.Poll[string] {
	return func(cx *asyncrt.Context) asyncrt.Poll[string] {
		return asyncrt.Ready(asyncrt.Run(fetch("x"))) // want `asyncrt.Run called from async code panics`
	}
}

type viaHelperFuture struct{}

func (viaHelperFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	return asyncrt.Ready(helpers.Fetch("y")) // want `helpers.Fetch reaches asyncrt.Run \(helpers.Fetch → asyncrt.Run\), which panics when called from async code .*; call it from an asyncrt.SpawnBlocking task and wake the poller`
}

// ---- Positive: through helpers ----

// syncLoad is a plain function; calling it from async code enters a runtime.
func syncLoad(key string) string {
	return asyncrt.BlockOn(shared, fetch(key)) // the call below is reported, with this line as related information
}

func cachedLoad(key string) string {
	if v, ok := cache[key]; ok {
		return v
	}
	return syncLoad(key)
}

var cache = map[string]string{}

func useHelper(co *asyncrt.Co) string {
	return syncLoad("a") // want `a.syncLoad reaches asyncrt.BlockOn \(a.syncLoad → asyncrt.BlockOn\), which panics when called from async code .*; make it take the \*asyncrt.Co and await instead, or call it from asyncrt.SpawnBlocking`
}

func useHelperTwoDeep(co *asyncrt.Co) string {
	return cachedLoad("b") // want `a.cachedLoad reaches asyncrt.BlockOn \(a.cachedLoad → a.syncLoad → asyncrt.BlockOn\)`
}

func otherPackage(co *asyncrt.Co) map[string]string {
	return helpers.LoadConfig("app.toml") // want `helpers.LoadConfig reaches asyncrt.Run \(helpers.LoadConfig → helpers.read → helpers.Fetch → asyncrt.Run\)`
}

func otherPackageMethod(co *asyncrt.Co, p *helpers.Pool) int {
	n := p.Do(count()) // want `\(\*helpers.Pool\).Do reaches asyncrt.BlockOn`
	p.Shutdown()       // want `\(\*helpers.Pool\).Shutdown reaches \(\*asyncrt.Runtime\).Close .*; call it from the code that created the runtime, outside async code`
	return n
}

func methodValue(co *asyncrt.Co, p *helpers.Pool) int {
	do := p.Do
	return do(count()) // want `\(\*helpers.Pool\).Do reaches asyncrt.BlockOn`
}

func genericRun[T any](f asyncrt.Future[T]) T { return asyncrt.Run(f) }

func genericHelper(co *asyncrt.Co) int {
	return genericRun(count()) // want `a.genericRun reaches asyncrt.Run`
}

// retry recurses; the fact computation must still end.
func retry(n int) string {
	if n == 0 {
		return asyncrt.Run(fetch("last"))
	}
	return retry(n - 1)
}

func recursiveHelper(co *asyncrt.Co) string {
	return retry(3) // want `a.retry reaches asyncrt.Run`
}

// ---- Negative ----

func fetch(url string) asyncrt.Future[string] {
	return asyncrt.Async(func(co *asyncrt.Co) string {
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
		return url
	})
}

func count() asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int { return 1 })
}

// main is where runtimes are started and closed.
func main() {
	rt := asyncrt.New()
	defer rt.Close()
	_ = asyncrt.BlockOn(rt, fetch("x"))
	_ = asyncrt.Run(count())
	_ = syncLoad("k")
	_ = helpers.Fetch("u")
}

// A plain function may block on a runtime.
func plainBlocking(rt *asyncrt.Runtime) int { return asyncrt.BlockOn(rt, count()) }

// Awaiting is the right thing to do.
func awaits(co *asyncrt.Co) string { return asyncrt.Await(co, fetch("x")) }

// A go statement runs on its own goroutine, not on a worker.
func inGoroutine(co *asyncrt.Co, done chan<- string) {
	go func() {
		done <- asyncrt.Run(fetch("x"))
	}()
	go helpers.Fetch("y")
}

// The blocking pool is not a worker: the runtime allows BlockOn there.
func inSpawnBlocking(co *asyncrt.Co) (string, error) {
	h := asyncrt.SpawnBlocking(co, func() string {
		return helpers.Fetch("z") + asyncrt.BlockOn(shared, fetch("w"))
	})
	return h.Join(co)
}

// A helper whose runtime work happens on another goroutine does not block
// its caller.
func background(co *asyncrt.Co) {
	helpers.Background(count())
}

// A helper that moves the runtime work to the blocking pool itself.
func offload(co *asyncrt.Co) (string, error) {
	return asyncrt.SpawnBlocking(co, func() string { return syncLoad("k") }).Join(co)
}

// Calls through function values and interfaces are not followed.
type loader interface{ Load(string) string }

func dynamic(co *asyncrt.Co, l loader, f func(string) string) string {
	return l.Load("a") + f("b")
}

// A literal handed to another function is not known to run inline.
func register(cb func() string) { _ = cb }

func handedOn(co *asyncrt.Co) {
	register(func() string { return asyncrt.Run(fetch("later")) })
}

// An async function of this package is checked where the runtime is
// entered, not at every call.
func callsAsync(co *asyncrt.Co) string {
	return handle(co, "x") + handleRun(co, "y")
}

// A helper declared nonblocking stops the propagation.
//
//asynclint:nonblocking the runtime it uses is only ever ready at once
func trusted() string { return syncLoad("t") }

func trustsHelper(co *asyncrt.Co) string { return trusted() }

// Other runtime methods are fine in async code.
func metrics(co *asyncrt.Co, rt *asyncrt.Runtime) int {
	h := asyncrt.Spawn(rt, count())
	v, _ := h.Join(co)
	return v + rt.Metrics().Workers
}

// Helpers that do not touch a runtime.
func names(co *asyncrt.Co) string { return helpers.Name("x") }

// A test-style function that starts a runtime per case.
func runCase(name string) string {
	rt := asyncrt.New(asyncrt.CurrentThread())
	defer rt.Close()
	return asyncrt.BlockOn(rt, fetch(name))
}
