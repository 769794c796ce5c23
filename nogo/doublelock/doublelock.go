// Package doublelock is the doublelock check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/doublelock, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package doublelock

import (
	"github.com/asynclint/asynclint/analyzers/doublelock"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is doublelock.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(doublelock.Analyzer, suppress.Options{})
