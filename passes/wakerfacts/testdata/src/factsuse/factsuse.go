// Package factsuse builds on package facts: its helpers get facts only
// through the imported ones.
package factsuse

import (
	"github.com/asynclint/asynclint/asyncrt"

	"facts"
)

// Park keeps the waker through facts.Through (a fact from another package).
func Park(r *facts.Registry, w *asyncrt.Waker) { // want Park:"keepsWaker\\(w: keeps\\)"
	facts.Through(r, w, 1)
}

// ParkCx keeps the Context's waker through facts.Register.
func ParkCx(r *facts.Registry, cx *asyncrt.Context) { // want ParkCx:"keepsWaker\\(cx: keeps\\)"
	facts.Register(cx, r)
}

// ViaCopy keeps a copy returned by another package.
func ViaCopy(r *facts.Registry, cx *asyncrt.Context) { // want ViaCopy:"keepsWaker\\(cx: keeps\\)"
	w := facts.WakerOf(cx)
	r.Store(w)
}

// Printed goes through a helper that does not keep it: no fact.
func Printed(w *asyncrt.Waker) string { return facts.Describe(w) }

// Compared does not keep it either.
func Compared(a, b *asyncrt.Waker) bool { return facts.Same(a, b) }

// Opaque hands the waker to a function value: unknown code keeps it.
func Opaque(f func(*asyncrt.Waker), w *asyncrt.Waker) { // want Opaque:"keepsWaker\\(w: escapes\\)"
	f(w)
}

// Pending is Pending through the other package's helper.
func Pending() asyncrt.Poll[string] { // want Pending:"alwaysPending"
	return facts.Pending[string]()
}
