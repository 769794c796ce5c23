// Package settings is the fixture for settings passed as flags: Compute is
// pure computation, so it is reported only when the user lists it as
// blocking (-blocking-funcs).
package settings

import "github.com/asynclint/asynclint/asyncrt"

// Compute burns CPU for a long time.
func Compute(n int) int {
	x := 0
	for i := 0; i < n; i++ {
		x = x*31 + i
	}
	return x
}

// Handle calls it on a worker.
func Handle(co *asyncrt.Co) int {
	return Compute(1 << 20)
}
