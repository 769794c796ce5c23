// Package app is the half of the cross-package fixture with the findings;
// each one needs facts about package store.
package app

import (
	"github.com/asynclint/asynclint/asyncrt"
	"github.com/asynclint/asynclint/testdata/crosspkg/store"
)

// Load blocks its worker through store.ReadConfig → readAll → os.ReadFile.
func Load(co *asyncrt.Co) int {
	data, _ := store.ReadConfig("app.conf")
	return store.Sum([]int{len(data)}) // pure: not reported
}

// Update holds the registry's sync.Mutex across the await inside store.Sync.
func Update(co *asyncrt.Co, r *store.Registry) {
	r.Lock()
	store.Sync(co)
	r.Unlock()
}

// Warm drops the future store.Fetch returns.
func Warm(co *asyncrt.Co) {
	store.Fetch("k")
}

// Count awaits it: not reported.
func Count(co *asyncrt.Co) int {
	return asyncrt.Await(co, store.Fetch("k"))
}
