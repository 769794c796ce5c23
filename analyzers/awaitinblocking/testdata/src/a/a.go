package a

import (
	"os"
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

func fetchBody(co *asyncrt.Co, url string) string {
	return asyncrt.Await(co, fetch(url))
}

// ---- Positive: await points in a SpawnBlocking literal ----

func readAndFetch(co *asyncrt.Co, path string) (string, error) {
	h := asyncrt.SpawnBlocking(co, func() string {
		data, _ := os.ReadFile(path)
		return string(data) + asyncrt.Await(co, fetch(path)) // want `asyncrt.Await suspends inside a function run by asyncrt.SpawnBlocking, on the blocking pool, where there is no coroutine: the \*asyncrt.Co it uses \(co, captured from the enclosing function\) belongs to the async function that spawned it, which is suspended in Join \(the await panics\) or running elsewhere \(it races\)`
	})
	return h.Join(co)
}

func yields(co *asyncrt.Co, rows []string) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		for range rows {
			asyncrt.Yield(co) // want `asyncrt.Yield suspends inside a function run by asyncrt.SpawnBlocking`
		}
		return len(rows)
	}).Join(co)
}

func joinsInside(co *asyncrt.Co) (string, error) {
	task := asyncrt.Spawn(co, fetch("t"))
	return asyncrt.SpawnBlocking(co, func() string {
		v, _ := task.Join(co) // want `\(\*asyncrt.JoinHandle\[T\]\).Join suspends inside a function run by asyncrt.SpawnBlocking`
		return v
	}).Join(co)
}

func joinNextInside(co *asyncrt.Co, js *asyncrt.JoinSet[string]) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		n := 0
		for {
			_, _, ok := js.JoinNext(co) // want `\(\*asyncrt.JoinSet\[T\]\).JoinNext suspends inside a function run by asyncrt.SpawnBlocking`
			if !ok {
				return n
			}
			n++
		}
	}).Join(co)
}

func viaHelper(co *asyncrt.Co) (string, error) {
	return asyncrt.SpawnBlocking(co, func() string {
		return fetchBody(co, "x") // want `a.fetchBody suspends \(a.fetchBody → asyncrt.Await\) inside a function run by asyncrt.SpawnBlocking`
	}).Join(co)
}

func viaOtherPackage(co *asyncrt.Co) (string, error) {
	return asyncrt.SpawnBlocking(co, func() string {
		helpers.Pause(co)           // want `helpers.Pause suspends \(helpers.Pause → helpers.pause → asyncrt.Yield\) inside`
		return helpers.Get(co, "k") // want `helpers.Get suspends \(helpers.Get → asyncrt.Await\) inside`
	}).Join(co)
}

func nestedInline(co *asyncrt.Co) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		n := func() int {
			return len(asyncrt.Await(co, fetch("n"))) // want `asyncrt.Await suspends inside a function run by asyncrt.SpawnBlocking`
		}()
		defer func() {
			asyncrt.Yield(co) // want `asyncrt.Yield suspends inside a function run by asyncrt.SpawnBlocking`
		}()
		return n
	}).Join(co)
}

func throughVariable(co *asyncrt.Co) (string, error) {
	work := func() string {
		return asyncrt.Await[string](co, fetch("v")) // want `asyncrt.Await suspends inside a function run by asyncrt.SpawnBlocking`
	}
	return asyncrt.SpawnBlocking(co, work).Join(co)
}

func each(xs []string, f func(string)) {
	for _, x := range xs {
		f(x)
	}
}

func callbackInside(co *asyncrt.Co, urls []string) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		n := 0
		each(urls, func(u string) {
			n += len(asyncrt.Await(co, fetch(u))) // want `asyncrt.Await suspends inside a function run by asyncrt.SpawnBlocking`
		})
		return n
	}).Join(co)
}

func asyncLiteralCalled(co *asyncrt.Co) (string, error) {
	get := func(c *asyncrt.Co) string { return asyncrt.Await(c, fetch("g")) }
	return asyncrt.SpawnBlocking(co, func() string {
		return get(co) // want `function value taking \*asyncrt.Co suspends inside a function run by asyncrt.SpawnBlocking`
	}).Join(co)
}

type store struct {
	co *asyncrt.Co // stored (coescape reports that)
}

func (s *store) load() string { return asyncrt.Await(s.co, fetch("s")) }

func namedMethod(co *asyncrt.Co, s *store) (string, error) {
	return asyncrt.SpawnBlocking(co, s.load).Join(co) // want `\(\*a.store\).load may suspend \(asyncrt.Await\), but asyncrt.SpawnBlocking runs it on the blocking pool`
}

var global *asyncrt.Co

func loadGlobal() string { return fetchBody(global, "g") }

func namedFunc(co *asyncrt.Co) (string, error) {
	return asyncrt.SpawnBlocking(co, loadGlobal).Join(co) // want `a.loadGlobal may suspend \(a.fetchBody → asyncrt.Await\), but asyncrt.SpawnBlocking runs it`
}

func fieldCo(co *asyncrt.Co, s *store) (string, error) {
	return asyncrt.SpawnBlocking(co, func() string {
		return asyncrt.Await(s.co, fetch("f")) // want `asyncrt.Await suspends inside a function run by asyncrt.SpawnBlocking, on the blocking pool, where there is no coroutine: the \*asyncrt.Co it uses belongs`
	}).Join(co)
}

func fromMain(rt *asyncrt.Runtime, co *asyncrt.Co) *asyncrt.JoinHandle[int] {
	return asyncrt.SpawnBlocking(rt, func() int {
		asyncrt.Yield(co) // want `asyncrt.Yield suspends inside a function run by asyncrt.SpawnBlocking`
		return 0
	})
}

// ---- Negative ----

// Blocking work in the blocking function, awaiting after Join.
func correct(co *asyncrt.Co, path string) (string, error) {
	data, err := asyncrt.SpawnBlocking(co, func() []byte {
		b, _ := os.ReadFile(path)
		time.Sleep(time.Millisecond)
		return b
	}).Join(co)
	if err != nil {
		return "", err
	}
	return string(data) + asyncrt.Await(co, fetch(path)), nil
}

// A coroutine of its own inside the blocking function: BlockOn is allowed
// on the blocking pool, and the body awaits with its own co.
func ownRuntime(co *asyncrt.Co, rt *asyncrt.Runtime) (string, error) {
	return asyncrt.SpawnBlocking(co, func() string {
		return asyncrt.BlockOn(rt, asyncrt.Async(func(inner *asyncrt.Co) string {
			asyncrt.Yield(inner)
			return asyncrt.Await(inner, fetch("own"))
		}))
	}).Join(co)
}

// A go statement inside: coescape's concern.
func goInside(co *asyncrt.Co) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		go func() { asyncrt.Yield(co) }()
		return 0
	}).Join(co)
}

// Spawning with the captured co, or handing it on: coescape's concern.
func recordCo(co *asyncrt.Co) { _ = co }

func spawnsInside(co *asyncrt.Co) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		asyncrt.Spawn(co, fetch("s"))
		recordCo(co)
		return 0
	}).Join(co)
}

// Handles used without awaiting.
func handleMethods(co *asyncrt.Co) (bool, error) {
	h := asyncrt.Spawn(co, fetch("h"))
	return asyncrt.SpawnBlocking(co, func() bool {
		h.Abort()
		return h.IsFinished()
	}).Join(co)
}

// Named functions that do not suspend.
func namedPlain(co *asyncrt.Co) (int, error) {
	return asyncrt.SpawnBlocking(co, os.Getpid).Join(co)
}

func label() string { return helpers.Label("x") }

func namedPlainLocal(co *asyncrt.Co) (string, error) {
	return asyncrt.SpawnBlocking(co, label).Join(co)
}

// A function value of unknown origin.
func unknown(co *asyncrt.Co, f func() string) (string, error) {
	return asyncrt.SpawnBlocking(co, f).Join(co)
}

// The same literal shapes elsewhere are fine: an Async body, an inline
// literal in async code.
func asyncBody(co *asyncrt.Co) string {
	return asyncrt.Await(co, asyncrt.Async(func(c *asyncrt.Co) string {
		return asyncrt.Await(c, fetch("a"))
	}))
}

func inlineInAsync(co *asyncrt.Co) int {
	return func() int { asyncrt.Yield(co); return 1 }()
}

// From main, with the runtime as the spawner.
func mainStyle(rt *asyncrt.Runtime) *asyncrt.JoinHandle[int] {
	return asyncrt.SpawnBlocking(rt, func() int {
		b, _ := os.ReadFile("config")
		return len(b)
	})
}

// A literal that awaits, defined but handed to Async, not SpawnBlocking.
func notBlocking(co *asyncrt.Co) asyncrt.Future[string] {
	body := func(c *asyncrt.Co) string { return fetchBody(c, "b") }
	return asyncrt.Async(body)
}

// Blocking on a Go channel is what the blocking pool is for.
func blockingChannel(co *asyncrt.Co, results <-chan string) (string, error) {
	return asyncrt.SpawnBlocking(co, func() string { return <-results }).Join(co)
}

// Run starts a runtime of its own on the blocking pool; its body awaits
// with its own co.
func runInside(co *asyncrt.Co) (int, error) {
	return asyncrt.SpawnBlocking(co, func() int {
		return asyncrt.Run(asyncrt.Async(func(c *asyncrt.Co) int {
			asyncrt.Yield(c)
			return 1
		}))
	}).Join(co)
}

// Waiting for a task by polling its handle's state, not awaiting it.
func pollLoop(co *asyncrt.Co) (bool, error) {
	h := asyncrt.Spawn(co, fetch("p"))
	return asyncrt.SpawnBlocking(co, func() bool {
		for !h.IsFinished() {
			time.Sleep(time.Millisecond)
		}
		return true
	}).Join(co)
}

// Making a future there and handing it back to be awaited after Join.
func futureOut(co *asyncrt.Co) (string, error) {
	f, err := asyncrt.SpawnBlocking(co, func() asyncrt.Future[string] {
		b, _ := os.ReadFile("url.txt")
		return fetch(string(b))
	}).Join(co)
	if err != nil {
		return "", err
	}
	return asyncrt.Await(co, f), nil
}

// Plain helpers.
func plainHelper(co *asyncrt.Co) (string, error) {
	return asyncrt.SpawnBlocking(co, func() string { return helpers.Label("k") }).Join(co)
}

// Positive: an await in one arm of a switch.
func inSwitch(co *asyncrt.Co, mode int) (string, error) {
	return asyncrt.SpawnBlocking(co, func() string {
		switch mode {
		case 0:
			return "none"
		default:
			return asyncrt.Await(co, fetch("sw")) // want `asyncrt.Await suspends inside a function run by asyncrt.SpawnBlocking`
		}
	}).Join(co)
}
