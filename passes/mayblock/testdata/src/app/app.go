// Package app uses lib: its functions inherit lib's facts.
package app

import (
	"io/ioutil"

	"lib"
)

func UsesOuter() { // want UsesOuter:`mayblock\(sleep: lib.Outer → lib.middle → lib.Sleepy → time.Sleep\)`
	lib.Outer()
}

func UsesMethod(s *lib.Svc) { // want UsesMethod:`mayblock\(sleep: \(\*lib.Svc\).Slow → time.Sleep\)`
	s.Slow()
}

func UsesFast(s *lib.Svc) { s.Fast() }

func UsesGeneric() { // want UsesGeneric:`mayblock\(sleep: lib.SleepEach → time.Sleep\)`
	lib.SleepEach([]string{"a"})
}

func UsesGenericMethod(q *lib.Queue[int]) int { // want UsesGenericMethod:`mayblock\(channel: \(\*lib.Queue\[T\]\).Pop → channel receive\)`
	return q.Pop()
}

func UsesTryPop(q *lib.Queue[int]) { q.TryPop() }

func UsesDeclared() { // want UsesDeclared:`mayblock\(declared: lib.Declared\)`
	lib.Declared()
}

func UsesReady() { lib.Ready(nil) }

// An embedded type's method is called through a promotion wrapper.
type Wrapper struct{ *lib.Svc }

func (w Wrapper) Run() { // want Run:`mayblock\(sleep: \(\*lib.Svc\).Slow → time.Sleep\)`
	w.Slow()
}

func ReadAll() { // want ReadAll:`mayblock\(io: ioutil.ReadFile → os.ReadFile → os.Open\)`
	ioutil.ReadFile("x")
}

func UsesGo() {
	go lib.Sleepy()
}

// The abbreviated chain keeps its full length for the shortest-chain
// comparison: 13 calls.
func UsesDeep() { // want UsesDeep:`mayblock\(sleep: lib.Deep1 → lib.Deep2 → lib.Deep3 → lib.Deep4 → lib.Deep5 → lib.Deep6 → lib.Deep7 → lib.Deep8 → … → time.Sleep\)`
	lib.Deep1()
}

// A shorter chain through another helper wins over the abbreviated one.
func DeepOrNot() { // want DeepOrNot:`mayblock\(sleep: lib.Sleepy → time.Sleep\)`
	lib.Deep1()
	lib.Sleepy()
}
