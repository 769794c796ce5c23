// Package selectcancel is the selectcancel check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/selectcancel, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package selectcancel

import (
	"github.com/asynclint/asynclint/analyzers/selectcancel"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is selectcancel.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(selectcancel.Analyzer, suppress.Options{})
