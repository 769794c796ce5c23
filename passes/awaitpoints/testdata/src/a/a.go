package a

import (
	"b"
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

func direct(co *asyncrt.Co) { // want direct:`maySuspend\(asyncrt.Yield\)`
	asyncrt.Yield(co)
}

// viaOtherPackage suspends through b.Fetch, two calls deep in package b.
func viaOtherPackage(co *asyncrt.Co, f asyncrt.Future[int]) int { // want viaOtherPackage:`maySuspend\(b.Fetch → b.get → asyncrt.Await\)`
	return b.Fetch(co, f)
}

// pure takes co but calls nothing that suspends: no fact.
func pure(co *asyncrt.Co) int {
	return b.Pure(co, 3)
}

// Mutual recursion that never suspends terminates with no fact.
func even(co *asyncrt.Co, n int) bool {
	if n == 0 {
		return true
	}
	return odd(co, n-1)
}

func odd(co *asyncrt.Co, n int) bool {
	if n == 0 {
		return false
	}
	return even(co, n-1)
}

// Mutual recursion where one member suspends: both may suspend, and each
// gets its shortest chain.
func ping(co *asyncrt.Co, n int) { // want ping:`maySuspend\(a.pong → asyncrt.Yield\)`
	if n > 0 {
		pong(co, n-1)
	}
}

func pong(co *asyncrt.Co, n int) { // want pong:`maySuspend\(asyncrt.Yield\)`
	asyncrt.Yield(co)
	ping(co, n)
}

// Self recursion.
func countdown(co *asyncrt.Co, n int) { // want countdown:`maySuspend\(asyncrt.Yield\)`
	if n == 0 {
		return
	}
	asyncrt.Yield(co)
	countdown(co, n-1)
}

// A literal that captures co and is called directly makes the caller suspend.
func viaLiteral(co *asyncrt.Co) { // want viaLiteral:`maySuspend\(func literal in a.viaLiteral → asyncrt.Yield\)`
	step := func() { asyncrt.Yield(co) }
	step()
}

// A literal that is only handed to Spawn or a go statement runs elsewhere.
func spawnsOnly(co *asyncrt.Co) {
	asyncrt.Spawn(co, asyncrt.Async(func(co2 *asyncrt.Co) int {
		asyncrt.Yield(co2)
		return 1
	}))
	go func() { asyncrt.Yield(co) }()
	go direct(co)
}

// A blocking-pool literal does not suspend the caller either.
func blockingOnly(co *asyncrt.Co) *asyncrt.JoinHandle[int] {
	return asyncrt.SpawnBlocking(co, func() int { return 1 })
}

type Server struct {
	mu   sync.Mutex
	jobs *asyncrt.JoinSet[int]
}

func (s *Server) next(co *asyncrt.Co) int { // want next:`maySuspend\(\(\*asyncrt.JoinSet\[T\]\).JoinNext\)`
	v, _, _ := s.jobs.JoinNext(co)
	return v
}

// A method value called later is a static call of the bound method.
func (s *Server) viaMethodValue(co *asyncrt.Co) int { // want viaMethodValue:`maySuspend\(\(\*a.Server\).next → \(\*asyncrt.JoinSet\[T\]\).JoinNext\)`
	f := s.next
	return f(co)
}

// Generic async helpers: the instantiation's call resolves to the origin.
func awaitAll[T any](co *asyncrt.Co, fs []asyncrt.Future[T]) []T { // want awaitAll:`maySuspend\(asyncrt.Await\)`
	var out []T
	for _, f := range fs {
		out = append(out, asyncrt.Await(co, f))
	}
	return out
}

func useGeneric(co *asyncrt.Co, fs []asyncrt.Future[string]) int { // want useGeneric:`maySuspend\(a.awaitAll → asyncrt.Await\)`
	return len(awaitAll(co, fs))
}

// Interface methods and function values taking *Co are assumed to suspend.
type Step interface{ Run(co *asyncrt.Co) }

func viaInterface(co *asyncrt.Co, s Step) { // want viaInterface:`maySuspend\(\(a.Step\).Run \(interface method taking \*asyncrt.Co\)\)`
	s.Run(co)
}

func viaFuncValue(co *asyncrt.Co, f func(*asyncrt.Co)) { // want viaFuncValue:`maySuspend\(function value taking \*asyncrt.Co\)`
	f(co)
}

// A function value without a *Co cannot suspend the caller's coroutine.
func viaPlainFuncValue(co *asyncrt.Co, f func()) { f() }

// A deferred suspension still makes the function suspend (at its return).
func deferred(co *asyncrt.Co) { // want deferred:`maySuspend\(asyncrt.Yield\)`
	defer asyncrt.Yield(co)
}
