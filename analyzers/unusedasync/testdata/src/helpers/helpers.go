// Package helpers is a library with async helpers; the IgnoresCo facts of
// the ones that do not need their co reach package a.
package helpers

import "github.com/asynclint/asynclint/asyncrt"

// Format takes a co for symmetry with the rest of the API but never uses
// it (exported, so not reported here by default).
func Format(co *asyncrt.Co, s string) string { return "[" + s + "]" }

// Wait awaits.
func Wait(co *asyncrt.Co) { asyncrt.Yield(co) }

// Launch spawns with its co: it needs one.
func Launch(co *asyncrt.Co, f asyncrt.Future[int]) *asyncrt.JoinHandle[int] {
	return asyncrt.Spawn(co, f)
}
