// Package forgetunlock is the forgetunlock check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/forgetunlock, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package forgetunlock

import (
	"github.com/asynclint/asynclint/analyzers/forgetunlock"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is forgetunlock.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(forgetunlock.Analyzer, suppress.Options{})
