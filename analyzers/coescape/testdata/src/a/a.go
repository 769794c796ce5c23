package a

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

func fetch(url string) asyncrt.Future[string] {
	return asyncrt.Async(func(co *asyncrt.Co) string {
		asyncrt.Await(co, asyncrt.Sleep(time.Millisecond))
		return url
	})
}

// ---- Positive: the co on another goroutine ----

func prefetch(co *asyncrt.Co, urls []string) {
	for _, u := range urls {
		go func() {
			_ = asyncrt.Await(co, fetch(u)) // want `co is used on another goroutine \(the go statement at line \d+\): a \*asyncrt.Co is valid only inside its own coroutine while it runs, so Await there panics or races with the coroutine; spawn an asyncrt task with asyncrt.Spawn instead`
		}()
	}
}

func worker(co *asyncrt.Co, jobs []string) {
	for _, j := range jobs {
		asyncrt.Await(co, fetch(j))
	}
}

func startWorker(co *asyncrt.Co, jobs []string) {
	go worker(co, jobs) // want `co is used on another goroutine`
}

func aliased(co *asyncrt.Co) {
	c := co
	go func() {
		asyncrt.Yield(c) // want `c is used on another goroutine`
	}()
}

type runner struct{}

func (runner) run(f func()) { f() }

func literalToGoroutine(co *asyncrt.Co, r runner) {
	go r.run(func() {
		asyncrt.Yield(co) // want `co is used on another goroutine`
	})
}

func afterFunc(co *asyncrt.Co, d time.Duration) {
	time.AfterFunc(d, func() {
		asyncrt.Spawn(co, fetch("late")) // want `co is used in a function that time.AfterFunc runs on another goroutine`
	})
}

func contextAfterFunc(co *asyncrt.Co, ctx context.Context) {
	context.AfterFunc(ctx, func() {
		asyncrt.Yield(co) // want `co is used in a function that context.AfterFunc runs on another goroutine`
	})
}

func waitGroupGo(co *asyncrt.Co, urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			asyncrt.Await(co, fetch(u)) // want `co is used in a function that \(\*sync.WaitGroup\).Go runs on another goroutine`
		})
	}
	_ = &wg
}

// ---- Positive: the co on the blocking pool (not as an await point) ----

func spawnFromBlocking(co *asyncrt.Co, path string) (int, error) {
	h := asyncrt.SpawnBlocking(co, func() int {
		asyncrt.Spawn(co, fetch(path)) // want `co is used in a function run by asyncrt.SpawnBlocking, on the blocking pool, outside its coroutine`
		return len(path)
	})
	return h.Join(co)
}

func recordCo(co *asyncrt.Co) { _ = co }

func handOnFromBlocking(co *asyncrt.Co) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		recordCo(co) // want `co is used in a function run by asyncrt.SpawnBlocking`
		return 1
	}).Join(co)
}

// ---- Positive: another coroutine's body ----

func wrongCo(co *asyncrt.Co) string {
	return asyncrt.Await(co, asyncrt.Async(func(inner *asyncrt.Co) string {
		return asyncrt.Await(co, fetch("x")) // want `co belongs to the enclosing async function, not to this asyncrt.Async body, which runs as a coroutine of its own: awaiting with it here panics \("the \*Co of another coroutine"\); use this body's inner`
	}))
}

func wrongCoSpawned(co *asyncrt.Co) *asyncrt.JoinHandle[int] {
	return asyncrt.Spawn(co, asyncrt.Async(func(task *asyncrt.Co) int {
		asyncrt.Yield(co) // want `co belongs to the enclosing async function`
		asyncrt.Yield(co)
		return 1
	}))
}

func unnamedInner(co *asyncrt.Co) asyncrt.Future[int] {
	return asyncrt.Async(func(*asyncrt.Co) int {
		asyncrt.Yield(co) // want `co belongs to the enclosing async function.*name this body's \*asyncrt.Co parameter and use it`
		return 0
	})
}

// ---- Positive: literals that outlive the body ----

func later(co *asyncrt.Co) func() string {
	return func() string {
		return asyncrt.Await(co, fetch("later")) // want `co is captured by a function literal that is returned, so it may run after its async function returned`
	}
}

type handlers struct {
	onClose func()
	co      *asyncrt.Co
	all     []*asyncrt.Co
}

func (h *handlers) install(co *asyncrt.Co) {
	h.onClose = func() {
		asyncrt.Yield(co) // want `co is captured by a function literal that is stored in the field onClose`
	}
}

func sendCallback(co *asyncrt.Co, ch chan<- func()) {
	ch <- func() { asyncrt.Yield(co) } // want `co is captured by a function literal that is sent on a channel`
}

// ---- Positive: the co stored where it outlives the body ----

func (h *handlers) keep(co *asyncrt.Co) {
	h.co = co // want `co is stored in the field co, where it outlives its async function`
}

var current *asyncrt.Co

func setCurrent(co *asyncrt.Co) {
	current = co // want `co is stored in the package variable current`
}

func keptAcrossBodies(rt *asyncrt.Runtime) *asyncrt.Co {
	var kept *asyncrt.Co
	asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) int {
		kept = co // want `co is stored in kept, a variable of an enclosing function`
		return 0
	}))
	return kept
}

type session struct {
	co   *asyncrt.Co
	user string
}

func newSession(co *asyncrt.Co, user string) *session {
	return &session{co: co, user: user} // want `co is stored in a struct field`
}

func positional(co *asyncrt.Co) session {
	return session{co, "anon"} // want `co is stored in a struct field`
}

func (h *handlers) register(co *asyncrt.Co) {
	h.all = append(h.all, co) // want `co is appended to a slice`
}

func publish(co *asyncrt.Co, ch chan *asyncrt.Co) {
	ch <- co // want `co is sent on a channel`
}

func self(co *asyncrt.Co) *asyncrt.Co {
	return co // want `co is returned`
}

func byID(co *asyncrt.Co, m map[int]*asyncrt.Co, id int) {
	m[id] = co // want `co is stored in a map`
}

func inSlice(co *asyncrt.Co) []*asyncrt.Co {
	return []*asyncrt.Co{co} // want `co is stored in a slice or array`
}

func throughPointer(co *asyncrt.Co, p **asyncrt.Co) {
	*p = co // want `co is stored through a pointer`
}

// ---- Negative ----

// Passing co to a callee is the normal inline await.
func inlineAwait(co *asyncrt.Co) {
	worker(co, []string{"a"})
}

// Spawning with co from its own body.
func spawns(co *asyncrt.Co) (string, error) {
	return asyncrt.Spawn(co, fetch("a")).Join(co)
}

// An Async body using its own co.
func ownCo(co *asyncrt.Co) string {
	return asyncrt.Await(co, asyncrt.Async(func(co *asyncrt.Co) string {
		return asyncrt.Await(co, fetch("own"))
	}))
}

// A goroutine that runs a coroutine of its own.
func ownRuntime(done chan<- string) {
	go func() {
		done <- asyncrt.Run(asyncrt.Async(func(co *asyncrt.Co) string {
			return asyncrt.Await(co, fetch("x"))
		}))
	}()
}

// Arguments of a go statement are evaluated here, on the coroutine.
func length(co *asyncrt.Co, s string) int { return len(asyncrt.Await(co, fetch(s))) }

func report(n int) { fmt.Println(n) }

func evaluatedHere(co *asyncrt.Co) {
	go report(length(co, "x"))
}

// Awaiting in a SpawnBlocking literal is awaitinblocking's finding.
func awaitInBlocking(co *asyncrt.Co) (string, error) {
	return asyncrt.SpawnBlocking(co, func() string {
		return asyncrt.Await(co, fetch("x"))
	}).Join(co)
}

// Literals called on the spot, deferred, or called synchronously.
func inlineLiterals(co *asyncrt.Co) int {
	n := func() int { asyncrt.Yield(co); return 1 }()
	defer func() { asyncrt.Yield(co) }()
	get := func() int { return len(asyncrt.Await(co, fetch("g"))) }
	return n + get()
}

func each(xs []string, f func(string)) {
	for _, x := range xs {
		f(x)
	}
}

func synchronousCallback(co *asyncrt.Co, xs []string) {
	each(xs, func(x string) { asyncrt.Await(co, fetch(x)) })
}

func rangeOverFunc(co *asyncrt.Co, seq iter.Seq[string]) {
	for x := range seq {
		asyncrt.Await(co, fetch(x))
	}
}

// Local aliases.
func aliases(co *asyncrt.Co) {
	c := co
	var d *asyncrt.Co
	d = c
	asyncrt.Yield(d)
	func() { d = co }()
}

// Printing a co does not keep it.
func debug(co *asyncrt.Co) { fmt.Printf("%p\n", co) }

// A SpawnBlocking literal that does not mention the co.
func offload(co *asyncrt.Co, path string) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int { return len(path) }).Join(co)
}

// A named async function handed to Async captures nothing.
func body(co *asyncrt.Co) int { asyncrt.Yield(co); return 1 }

func named() asyncrt.Future[int] { return asyncrt.Async(body) }

// Async methods called with co.
func (s *session) handle(co *asyncrt.Co, req string) string { return asyncrt.Await(co, fetch(req)) }

func serve(co *asyncrt.Co, s *session) string { return s.handle(co, "/") }

// A goroutine that does not touch the co.
func background(co *asyncrt.Co, ch chan<- int) {
	go func() { ch <- 1 }()
	asyncrt.Yield(co)
}

// The literal stored in a local and called here.
func localLiteral(co *asyncrt.Co) {
	var step func()
	step = func() { asyncrt.Yield(co) }
	step()
}
