// Package blocking is the blocking check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/blocking, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package blocking

import (
	"github.com/asynclint/asynclint/analyzers/blocking"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is blocking.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(blocking.Analyzer, suppress.Options{})
