package a

import (
	"log"

	"github.com/asynclint/asynclint/asyncrt"
)

// Positive: awaited on one branch only.
func oneBranch(co *asyncrt.Co, ok bool) int {
	f := fetch("a") // want `f, the asyncrt\.Future\[int\] returned by fetch, is dropped on the path to the return at line 15: futures do nothing`
	if ok {
		return asyncrt.Await(co, f)
	}
	return 0
}

// Positive: an early return before the await.
func earlyReturn(co *asyncrt.Co, n int) int {
	f := fetch("a") // want `is dropped on the path to the return at line 22`
	if n < 0 {
		return -1
	}
	return asyncrt.Await(co, f)
}

// Positive: only compared with nil.
func onlyChecked(co *asyncrt.Co) bool {
	f := fetch("a") // want `is dropped on the path to the return at line 30`
	return f != nil
}

// Positive: the variable is reassigned on one branch.
func reassignedOnBranch(co *asyncrt.Co, ok bool) int {
	f := fetch("a") // want `f, the asyncrt\.Future\[int\] returned by fetch, is overwritten at line 37 before it is used`
	if ok {
		f = fetch("b")
	}
	return asyncrt.Await(co, f)
}

// Positive: a switch where one case forgets the future.
func switchCase(co *asyncrt.Co, mode int) int {
	f := fetch("a") // want `dropped on the path to the return at line 51`
	switch mode {
	case 0:
		return asyncrt.Await(co, f)
	case 1:
		asyncrt.Spawn(co, f)
	}
	return 0
}

// Positive: a future in a variable whose address is taken (so it lives in
// memory, not in a register), overwritten through the variable; the second
// one is dropped too, since p goes nowhere.
func addressTaken(co *asyncrt.Co) int {
	f := fetch("a") // want `is overwritten at line 60 before it is used`
	p := &f
	f = fetch("b") // want `is dropped on the path to the return at line 62`
	_ = p
	return 0
}

// Negative: awaited on both branches.
func bothBranches(co *asyncrt.Co, ok bool) int {
	f := fetch("a")
	if ok {
		return asyncrt.Await(co, f)
	}
	asyncrt.Spawn(co, f)
	return 0
}

// Negative: merged through a phi and awaited after.
func phiMerge(co *asyncrt.Co, ok bool) int {
	var f asyncrt.Future[int]
	if ok {
		f = fetch("a")
	} else {
		f = fetch("b")
	}
	return asyncrt.Await(co, f)
}

// Negative: stored in a struct, awaited later.
type job struct {
	name string
	work asyncrt.Future[int]
}

func storedInStruct(co *asyncrt.Co) int {
	j := job{name: "a", work: fetch("a")}
	return asyncrt.Await(co, j.work)
}

// Negative: stored in a slice, a map, sent on a channel, stored in a global.
var pending asyncrt.Future[int]

func storedElsewhere(ch chan asyncrt.Future[int], m map[string]asyncrt.Future[int]) []asyncrt.Future[int] {
	s := []asyncrt.Future[int]{fetch("a")}
	m["b"] = fetch("b")
	ch <- fetch("c")
	pending = fetch("d")
	return s
}

// Negative: a call that never returns ends the path.
func fatal(co *asyncrt.Co) int {
	f := fetch("a")
	if !cond() {
		log.Fatal("no")
	}
	return asyncrt.Await(co, f)
}

// Negative: a select that may send it counts as handing it on.
func selectSend(ch chan asyncrt.Future[int]) {
	f := fetch("a")
	select {
	case ch <- f:
	default:
	}
}

// Negative: the address of the variable is handed on.
func addressPassed(co *asyncrt.Co) {
	f := fetch("a")
	keep(&f)
}

func keep(p *asyncrt.Future[int]) {}

// Negative: a type assertion keeps following the same future.
func asserted(co *asyncrt.Co) int {
	var x any = fetch("a")
	if f, ok := x.(asyncrt.Future[int]); ok {
		return asyncrt.Await(co, f)
	}
	return 0
}
