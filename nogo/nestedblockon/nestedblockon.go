// Package nestedblockon is the nestedblockon check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/nestedblockon, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package nestedblockon

import (
	"github.com/asynclint/asynclint/analyzers/nestedblockon"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is nestedblockon.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(nestedblockon.Analyzer, suppress.Options{})
