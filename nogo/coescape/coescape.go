// Package coescape is the coescape check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/coescape, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package coescape

import (
	"github.com/asynclint/asynclint/analyzers/coescape"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is coescape.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(coescape.Analyzer, suppress.Options{})
