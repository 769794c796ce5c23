// Package lockhelp has lock helpers taking the mutex as a parameter, and an
// async helper that yields, for package b.
package lockhelp

import (
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

// Enter locks mu for the caller.
func Enter(mu *sync.Mutex) { mu.Lock() }

// Leave unlocks mu.
func Leave(mu *sync.Mutex) { mu.Unlock() }

// Pace yields to the scheduler once per call.
func Pace(co *asyncrt.Co) { asyncrt.Yield(co) }

// Tally takes the coroutine but never suspends.
func Tally(co *asyncrt.Co, xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// Guard locks mu and returns the function that unlocks it.
func Guard(mu *sync.Mutex) func() {
	mu.Lock()
	return mu.Unlock
}
