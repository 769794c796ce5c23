// Package missingwake is the missingwake check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/missingwake, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package missingwake

import (
	"github.com/asynclint/asynclint/analyzers/missingwake"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is missingwake.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(missingwake.Analyzer, suppress.Options{})
