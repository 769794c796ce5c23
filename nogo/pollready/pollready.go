// Package pollready is the pollready check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/pollready, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package pollready

import (
	"github.com/asynclint/asynclint/analyzers/pollready"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is pollready.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(pollready.Analyzer, suppress.Options{})
