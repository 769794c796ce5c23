// Package helpers holds async helpers and lock helpers that package a
// calls: what they do must reach package a as facts.
package helpers

import (
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

// Fetch awaits two calls deep: Fetch → get → asyncrt.Await.
func Fetch(co *asyncrt.Co, f asyncrt.Future[int]) int {
	return get(co, f) + 1
}

func get(co *asyncrt.Co, f asyncrt.Future[int]) int {
	return asyncrt.Await(co, f)
}

// Double takes the coroutine but never suspends.
func Double(co *asyncrt.Co, x int) int { return 2 * x }

// Store is guarded by its embedded mutex.
type Store struct {
	sync.Mutex
	Data map[string]int
}

// Acquire locks the store for the caller; Release unlocks it.
func (s *Store) Acquire() { s.Lock() }
func (s *Store) Release() { s.Unlock() }
