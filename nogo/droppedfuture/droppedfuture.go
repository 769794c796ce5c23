// Package droppedfuture is the droppedfuture check for Bazel nogo, with //asynclint:ignore
// directives applied (the bare check, analyzers/droppedfuture, reports everything).
// List it together with nogo/suppress, which reports stale directives.
package droppedfuture

import (
	"github.com/asynclint/asynclint/analyzers/droppedfuture"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzer is droppedfuture.Analyzer with //asynclint:ignore directives applied.
var Analyzer = suppress.Wrap(droppedfuture.Analyzer, suppress.Options{})
