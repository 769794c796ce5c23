// Package awaitinblocking is the awaitinblocking check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/awaitinblocking, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package awaitinblocking

import (
	"github.com/asynclint/asynclint/analyzers/awaitinblocking"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is awaitinblocking.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(awaitinblocking.Analyzer, suppress.Options{})
