// Package store is the dependency half of the cross-package fixture: what
// its functions do is only visible to a check analyzing package app through
// the facts computed here.
package store

import (
	"os"
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

// ReadConfig reads a file: it may block, two calls deep.
func ReadConfig(path string) ([]byte, error) {
	return readAll(path)
}

func readAll(path string) ([]byte, error) {
	return os.ReadFile(path)
}

// Sum is pure computation: it does not block.
func Sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// Registry guards its entries with a sync.Mutex.
type Registry struct {
	mu      sync.Mutex
	entries map[string]int
}

// Lock locks the registry and returns holding the lock.
func (r *Registry) Lock() { r.mu.Lock() }

// Unlock releases it.
func (r *Registry) Unlock() { r.mu.Unlock() }

// Sync is an async helper: called with the caller's co it runs inline, so
// its await is the caller's await point.
func Sync(co *asyncrt.Co) {
	asyncrt.Yield(co)
}

// Fetch returns a lazy future.
func Fetch(key string) asyncrt.Future[int] {
	return asyncrt.Async(func(co *asyncrt.Co) int {
		asyncrt.Yield(co)
		return len(key)
	})
}
