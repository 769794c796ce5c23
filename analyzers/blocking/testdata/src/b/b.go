// Package b holds a second set of realistic blocking cases: method values
// and expressions, embedded methods, generic helpers from another package,
// deferred closures, async literals in sync functions and the directives.
package b

import (
	"net/http"
	"os"
	"sync"
	"time"

	"deepa"
	"gen"

	"github.com/asynclint/asynclint/asyncrt"
)

// ---- Positive ----

type client struct{ hc *http.Client }

func (c *client) fetch(url string) (*http.Response, error) { return c.hc.Get(url) }

// A method value bound outside the call and invoked in async code.
func methodValueCall(co *asyncrt.Co, c *client) {
	f := c.fetch
	f("https://example.com") // want `\(\*b.client\).fetch may block an executor worker \(\(\*b.client\).fetch → \(\*http.Client\).Get\)`
}

// A method expression of a blocking std method.
func methodExpr(co *asyncrt.Co, f *os.File) {
	read := (*os.File).Read
	read(f, make([]byte, 8)) // want `\(\*os.File\).Read blocks an executor worker`
}

// A package-level function value of a std function.
func funcValueStd(co *asyncrt.Co) {
	rf := os.ReadFile
	rf("cfg.json") // want `os.ReadFile may block an executor worker \(os.ReadFile → os.Open\)`
}

// A deferred closure runs on the worker too, when the async function returns.
func deferredClosure(co *asyncrt.Co, done chan struct{}) {
	defer func() {
		<-done // want `channel receive blocks an executor worker`
	}()
	asyncrt.Yield(co)
}

// Methods promoted from an embedded struct.
type waiter struct{ wg sync.WaitGroup }

func (w *waiter) settle() { w.wg.Wait() }

type service struct {
	waiter
	name string
}

func embeddedMethod(co *asyncrt.Co, s *service) {
	s.settle() // want `\(\*b.waiter\).settle may block an executor worker \(\(\*b.waiter\).settle → \(\*sync.WaitGroup\).Wait\)`
}

func embeddedStd(co *asyncrt.Co, s *service) {
	s.wg.Wait() // want `\(\*sync.WaitGroup\).Wait blocks an executor worker`
}

// A generic helper of another package instantiated here.
func genericForeign(co *asyncrt.Co, ch chan string) []string {
	return gen.Collect(ch) // want `gen.Collect may block an executor worker \(gen.Collect → range over channel\)`
}

func genericForeignSleep(co *asyncrt.Co) int {
	return gen.Delay(3, time.Millisecond) // want `gen.Delay may block an executor worker \(gen.Delay → time.Sleep\)`
}

func genericForeignMethod(co *asyncrt.Co, b *gen.Box[int]) int {
	return b.Take() // want `\(\*gen.Box\[T\]\).Take may block an executor worker`
}

// range over a channel in a Poll method.
type drainFuture struct{ ch chan int }

func (d *drainFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	n := 0
	for range d.ch { // want `range over channel blocks an executor worker: every other task on it waits; keep cx.Waker\(\)`
		n++
	}
	return asyncrt.Ready(n)
}

// select with only blocking cases.
func selectOnlyBlocking(co *asyncrt.Co, in chan int, out chan int, quit chan struct{}) {
	select { // want `select without default blocks an executor worker`
	case v := <-in:
		out <- v // want `channel send blocks an executor worker`
	case <-quit:
	}
}

// An empty select blocks forever.
func selectEmpty(co *asyncrt.Co) {
	select {} // want `empty select blocks an executor worker: every other task on it waits; an empty select parks the goroutine forever`
}

// <-time.After in a select, next to an awaited Sleep future.
func afterInSelect(co *asyncrt.Co, ch chan int) int {
	asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
	select { // want `select without default blocks an executor worker`
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

// http.Get in a helper two packages deep.
func twoPackagesDeep(co *asyncrt.Co) bool {
	return deepa.Check("http://localhost/health") // want `deepa.Check may block an executor worker \(deepa.Check → deepb.Probe → http.Get\)`
}

// An async literal inside a sync function is async context.
func syncBuilder(path string) asyncrt.Future[[]byte] {
	return asyncrt.Async(func(co *asyncrt.Co) []byte {
		b, _ := os.ReadFile(path) // want `os.ReadFile may block an executor worker`
		return b
	})
}

// A closure defined in async code and called inline.
func inlineClosure(co *asyncrt.Co, wg *sync.WaitGroup) {
	wait := func() { wg.Wait() } // want `\(\*sync.WaitGroup\).Wait blocks an executor worker`
	wait()
}

// A method whose receiver is a value and which takes the Co.
type worker struct{ jobs chan func() }

func (w worker) run(co *asyncrt.Co) {
	for job := range w.jobs { // want `range over channel blocks an executor worker`
		job()
	}
}

// ---- Negative ----

// A SpawnBlocking literal inside an Async body runs on the blocking pool.
func spawnBlockingInAsync() asyncrt.Future[[]byte] {
	return asyncrt.Async(func(co *asyncrt.Co) []byte {
		h := asyncrt.SpawnBlocking(co, func() []byte {
			b, _ := os.ReadFile("big")
			time.Sleep(time.Millisecond)
			return b
		})
		b, _ := h.Join(co)
		return b
	})
}

// A go statement inside async code has its own goroutine.
func goInAsync(co *asyncrt.Co, ch chan int) {
	go func() {
		time.Sleep(time.Second)
		ch <- 1
	}()
}

// select with a default case does not block.
func selectWithDefault(co *asyncrt.Co, in chan int, quit chan struct{}) bool {
	select {
	case <-in:
		return true
	case <-quit:
		return false
	default:
		return false
	}
}

// A non-blocking send with default.
func trySend(co *asyncrt.Co, ch chan int) {
	select {
	case ch <- 1:
	default:
	}
}

// Generic helpers that do not block.
func genericPure(co *asyncrt.Co, b *gen.Box[int]) int {
	return gen.Identity(3) + b.Cap()
}

// A helper asserted nonblocking by the user stops propagation.
//
//asynclint:nonblocking the channel is always buffered and non-empty here
func popReady(ch chan int) int { return <-ch }

func usesNonblocking(co *asyncrt.Co, ch chan int) int { return popReady(ch) }

// A caller of a nonblocking helper is itself nonblocking.
func wrapsNonblocking(ch chan int) int { return popReady(ch) + 1 }

func usesWrapper(co *asyncrt.Co, ch chan int) int { return wrapsNonblocking(ch) }

// Blocking at package initialization and in sync functions is not async.
var startup = loadAtInit()

func loadAtInit() []byte {
	b, _ := os.ReadFile("init.cfg")
	return b
}

func init() {
	time.Sleep(time.Millisecond)
	_, _ = http.Get("http://localhost")
}

func syncMain(wg *sync.WaitGroup) {
	wg.Wait()
	deepa.Check("x")
}

// limitation: a wait through an interface is not followed, even when the
// dynamic type is *sync.WaitGroup; only static callees are resolved.
type waitable interface{ Wait() }

func throughInterface(co *asyncrt.Co, w waitable) {
	var wg sync.WaitGroup
	w = &wg
	w.Wait()
}

// Making a channel or closing it never blocks.
func makeAndClose(co *asyncrt.Co) {
	ch := make(chan int, 1)
	close(ch)
}

// A goroutine started from a Poll method runs outside the worker.
type bgFuture struct{ done chan struct{} }

func (f *bgFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[struct{}] {
	w := cx.Waker()
	go func() {
		<-f.done
		w.Wake()
	}()
	return asyncrt.Pending[struct{}]()
}

// ---- More positives ----

// A Stream whose PollNext reads a net.Conn.

type lineReader struct{ f *os.File }

func (l lineReader) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[[]byte]] {
	buf := make([]byte, 64)
	n, _ := l.f.Read(buf) // want `\(\*os.File\).Read blocks an executor worker: every other task on it waits; keep cx.Waker\(\)`
	return asyncrt.Ready(asyncrt.Item(buf[:n]))
}

// A user-declared blocking method.
type device struct{}

//asynclint:blocking polls a hardware register in a busy loop
func (device) Reset() {}

func resetInTask(co *asyncrt.Co, d device) {
	d.Reset() // want `\(b.device\).Reset blocks an executor worker`
}

// Mutual recursion ending in a sleep terminates and is reported.
func ping(n int) {
	if n == 0 {
		time.Sleep(time.Millisecond)
		return
	}
	pong(n - 1)
}

func pong(n int) { ping(n) }

func recursionInTask(co *asyncrt.Co) {
	pong(3) // want `b.pong may block an executor worker \(b.pong → b.ping → time.Sleep\)`
}

// An async literal built inside a goroutine of a sync function is still
// async context: the literal runs on the worker that polls it.
func spawnFromGoroutine(rt *asyncrt.Runtime, wg *sync.WaitGroup) {
	go func() {
		asyncrt.Spawn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
			wg.Wait() // want `\(\*sync.WaitGroup\).Wait blocks an executor worker`
			return 0
		}))
	}()
}

// Blocking after an await is still blocking.
func afterAwait(co *asyncrt.Co, ch chan int) int {
	asyncrt.Yield(co)
	return <-ch // want `channel receive blocks an executor worker`
}

// ---- More negatives ----

// A user-asserted nonblocking method.
type queue struct{ ch chan int }

//asynclint:nonblocking ch is buffered and only read after Len() > 0
func (q *queue) pop() int { return <-q.ch }

func popInTask(co *asyncrt.Co, q *queue) int { return q.pop() }

// A literal stored and handed to SpawnBlocking later is not called on the
// worker.
func storedThenSpawned(co *asyncrt.Co) {
	work := func() int {
		time.Sleep(time.Second)
		return 1
	}
	h := asyncrt.SpawnBlocking(co, work)
	h.Join(co)
}

// Recursion that never blocks terminates and is not reported.
func even(n int) bool {
	if n == 0 {
		return true
	}
	return odd(n - 1)
}

func odd(n int) bool {
	if n == 0 {
		return false
	}
	return even(n - 1)
}

func pureRecursion(co *asyncrt.Co) bool { return even(10) }

// A Poll-named method of a type that is not a Future.
type ticker struct{ c chan int }

func (t ticker) Poll(timeout time.Duration) int { return <-t.c }
