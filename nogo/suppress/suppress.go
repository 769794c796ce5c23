// Package suppress is the suppress check for Bazel nogo: it reports
// //asynclint:ignore directives that are malformed or silence nothing. It
// requires the four wrapped checks of nogo/..., so list all five.
package suppress

import (
	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/suite"
	"github.com/asynclint/asynclint/internal/suppress"
	"github.com/asynclint/asynclint/nogo/blocking"
	"github.com/asynclint/asynclint/nogo/droppedfuture"
	"github.com/asynclint/asynclint/nogo/lockawait"
	"github.com/asynclint/asynclint/nogo/missingwake"
)

// Analyzer reports malformed and unused directives.
var Analyzer = suppress.Reporter(
	[]*analysis.Analyzer{blocking.Analyzer, lockawait.Analyzer, droppedfuture.Analyzer, missingwake.Analyzer},
	suite.Names(), suppress.Options{})
