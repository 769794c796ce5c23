// Package unusedasync is the unusedasync check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/unusedasync, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package unusedasync

import (
	"github.com/asynclint/asynclint/analyzers/unusedasync"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is unusedasync.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(unusedasync.Analyzer, suppress.Options{})
