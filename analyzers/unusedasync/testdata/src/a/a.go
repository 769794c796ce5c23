package a

import (
	"fmt"
	"strings"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
	"helpers"
)

func fetch(url string) asyncrt.Future[string] {
	return asyncrt.Async(func(co *asyncrt.Co) string {
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
		return url
	})
}

// ---- Positive: a *Co that is never needed ----

func double(co *asyncrt.Co, x int) int { // want `a.double takes a \*asyncrt.Co but never awaits \(it reaches no await point\) and uses co for nothing else: it makes every caller pass a coroutine, and so be async, for nothing; remove the parameter`
	return x * 2
}

// Passing the co on to a function that does not need it does not need it.
func quadruple(co *asyncrt.Co, x int) int { // want `a.quadruple takes a \*asyncrt.Co but never awaits`
	return double(co, double(co, x))
}

type service struct {
	name  string
	count int
}

func (s *service) label(co *asyncrt.Co) string { // want `\(\*a.service\).label takes a \*asyncrt.Co but never awaits`
	return strings.ToUpper(s.name)
}

// Returning a future is not awaiting it.
func fetchLater(co *asyncrt.Co, url string) asyncrt.Future[string] { // want `a.fetchLater takes a \*asyncrt.Co but never awaits`
	return fetch(url)
}

// An imported function known (by its fact) to ignore its co.
func render(co *asyncrt.Co, s string) string { // want `a.render takes a \*asyncrt.Co but never awaits`
	return helpers.Format(co, s)
}

func first[T any](co *asyncrt.Co, xs []T) T { // want `a.first takes a \*asyncrt.Co but never awaits`
	return xs[0]
}

func depth(co *asyncrt.Co, n int) int { // want `a.depth takes a \*asyncrt.Co but never awaits`
	if n == 0 {
		return 0
	}
	return depth(co, n-1) + 1
}

func even(co *asyncrt.Co, n int) bool { // want `a.even takes a \*asyncrt.Co but never awaits`
	if n == 0 {
		return true
	}
	return odd(co, n-1)
}

func odd(co *asyncrt.Co, n int) bool { // want `a.odd takes a \*asyncrt.Co but never awaits`
	if n == 0 {
		return false
	}
	return even(co, n-1)
}

func (s *service) flush(co *asyncrt.Co) { // want `\(\*a.service\).flush takes a \*asyncrt.Co but never awaits`
	s.count = 0
}

func (s *service) close(co *asyncrt.Co) error { // want `\(\*a.service\).close takes a \*asyncrt.Co but never awaits`
	defer s.flush(co)
	if s.name == "" {
		panic("closing an unnamed service")
	}
	return nil
}

// An interface with a method of the same name but another signature does
// not excuse it.
type sizer interface{ size() int }

func (s *service) size(co *asyncrt.Co) int { // want `\(\*a.service\).size takes a \*asyncrt.Co but never awaits`
	return len(s.name)
}

func validate(co *asyncrt.Co, in string) error { // want `a.validate takes a \*asyncrt.Co but never awaits`
	if in == "" {
		return fmt.Errorf("empty input")
	}
	return nil
}

func parseAll(co *asyncrt.Co, lines []string) int { // want `a.parseAll takes a \*asyncrt.Co but never awaits`
	n := 0
	for _, l := range lines {
		if validate(co, l) == nil {
			n++
		}
	}
	return n
}

// A literal called on the spot.
func inline(co *asyncrt.Co) int {
	asyncrt.Yield(co)
	return func(c *asyncrt.Co) int { // want `this function literal takes a \*asyncrt.Co but never awaits`
		return 1
	}(co)
}

type pair[K comparable, V any] struct {
	k K
	v V
}

func (p *pair[K, V]) key(co *asyncrt.Co) K { return p.k } // want `\(\*a.pair\[K, V\]\).key takes a \*asyncrt.Co but never awaits`

// ---- Negative ----

func awaits(co *asyncrt.Co) string { return asyncrt.Await(co, fetch("a")) }

func yields(co *asyncrt.Co) { asyncrt.Yield(co) }

func joins(co *asyncrt.Co, h *asyncrt.JoinHandle[int]) int {
	v, _ := h.Join(co)
	return v
}

// An inline call of an async helper is an await.
func callsAwaiting(co *asyncrt.Co) string { return awaits(co) + "!" }

func callsImportedAwaiting(co *asyncrt.Co) { helpers.Wait(co) }

// Using the co as a Spawner needs it.
func spawns(co *asyncrt.Co) *asyncrt.JoinHandle[string] { return asyncrt.Spawn(co, fetch("s")) }

func offloads(co *asyncrt.Co) *asyncrt.JoinHandle[int] {
	return asyncrt.SpawnBlocking(co, func() int { return 1 })
}

func joinSet(co *asyncrt.Co) *asyncrt.JoinSet[int] { return asyncrt.NewJoinSet[int](co) }

func launches(co *asyncrt.Co) {
	helpers.Launch(co, asyncrt.Async(func(c *asyncrt.Co) int { return 1 }))
}

// Passing co to a callback: it may await.
func each(co *asyncrt.Co, xs []string, f func(*asyncrt.Co, string)) {
	for _, x := range xs {
		f(co, x)
	}
}

// Awaiting only in a deferred literal still awaits.
func deferredAwait(co *asyncrt.Co) {
	defer func() { asyncrt.Await(co, fetch("bye")) }()
}

// Methods that implement an interface keep their signature.
type handler interface {
	serve(co *asyncrt.Co, req string) string
}

type static struct{ body string }

func (s static) serve(co *asyncrt.Co, req string) string { return s.body }

var _ handler = static{}

// Functions used as values must match a func type.
func compute(co *asyncrt.Co) int { return 42 }

var computeFuture = asyncrt.Async(compute)

func constant(co *asyncrt.Co) int { return 7 }

var hook func(*asyncrt.Co) int = constant

func register(f func(*asyncrt.Co) string) {}

func (s *service) noop(co *asyncrt.Co) string { return s.name }

func install(s *service) { register(s.noop) }

// Literals handed to Async.
func ready() asyncrt.Future[int] { return asyncrt.Async(func(co *asyncrt.Co) int { return 1 }) }

// A blank or unnamed co is there on purpose.
func blank(_ *asyncrt.Co, x int) int { return x }

func unnamed(*asyncrt.Co) {}

// Stubs.
func todo(co *asyncrt.Co) string { panic("not implemented") }

func placeholder(co *asyncrt.Co) {}

// Exported API is not reported by default.
func Exported(co *asyncrt.Co) int { return 1 } // want Exported:"ignoresCo"

func (s *service) Name(co *asyncrt.Co) string { return s.name } // want Name:"ignoresCo"

// Other uses of the co.
func (s *service) remember(co *asyncrt.Co) *asyncrt.Co { return co }

func check(co *asyncrt.Co) bool { return co != nil }

func background(co *asyncrt.Co, done chan<- int) {
	go func() { asyncrt.Yield(co); done <- 1 }()
}

func closureAwaits(co *asyncrt.Co) int {
	get := func() int { return len(asyncrt.Await(co, fetch("c"))) }
	return get()
}

// Async work done without the co: the co is missing, not unneeded (the
// blocking and droppedfuture checks say to await with it).
func sleeps(co *asyncrt.Co) { time.Sleep(time.Millisecond) }

func receives(co *asyncrt.Co, ch chan int) int { return <-ch }

func drops(co *asyncrt.Co) { fetch("dropped") }

func spawnsOnRuntime(co *asyncrt.Co, rt *asyncrt.Runtime) {
	asyncrt.Spawn(rt, fetch("elsewhere"))
}

func pairOf() (asyncrt.Future[string], error) { return fetch("p"), nil }

func dropsFromTuple(co *asyncrt.Co) error {
	_, err := pairOf()
	return err
}

func dropsInGoroutine(co *asyncrt.Co) { go fetch("g") }

func dropsWholeTuple(co *asyncrt.Co) { pairOf() }

// A caller passing its co to a function that awaits wrongly needs it too:
// once the callee awaits, it will.
func callsDropper(co *asyncrt.Co) { drops(co) }
