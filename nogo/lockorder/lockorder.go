// Package lockorder is the lockorder check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/lockorder, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package lockorder

import (
	"github.com/asynclint/asynclint/analyzers/lockorder"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is lockorder.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(lockorder.Analyzer, suppress.Options{})
