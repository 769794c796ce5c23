// Package lockblock is the lockblock check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/lockblock, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package lockblock

import (
	"github.com/asynclint/asynclint/analyzers/lockblock"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is lockblock.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(lockblock.Analyzer, suppress.Options{})
