// Package configured is the fixture for asynclint.toml: its blocking setting
// makes Handle's call of Compute a finding, and its per-path disable hides
// the blocking call in package legacy.
package configured

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
