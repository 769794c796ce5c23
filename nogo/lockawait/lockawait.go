// Package lockawait is the lockawait check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/lockawait, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package lockawait

import (
	"github.com/asynclint/asynclint/analyzers/lockawait"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is lockawait.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(lockawait.Analyzer, suppress.Options{})
