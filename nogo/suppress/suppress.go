// Package suppress is the suppress check for Bazel nogo: it reports
// //asynclint:ignore directives that are malformed or silence nothing. It
// requires the wrapped checks of nogo/..., so list them all together with
// it.
package suppress

import (
	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/suite"
	"github.com/asynclint/asynclint/internal/suppress"
	"github.com/asynclint/asynclint/nogo/awaitinblocking"
	"github.com/asynclint/asynclint/nogo/blocking"
	"github.com/asynclint/asynclint/nogo/coescape"
	"github.com/asynclint/asynclint/nogo/doublelock"
	"github.com/asynclint/asynclint/nogo/droppedfuture"
	"github.com/asynclint/asynclint/nogo/forgetunlock"
	"github.com/asynclint/asynclint/nogo/lockawait"
	"github.com/asynclint/asynclint/nogo/lockblock"
	"github.com/asynclint/asynclint/nogo/lockorder"
	"github.com/asynclint/asynclint/nogo/missingwake"
	"github.com/asynclint/asynclint/nogo/nestedblockon"
	"github.com/asynclint/asynclint/nogo/pollready"
	"github.com/asynclint/asynclint/nogo/selectcancel"
	"github.com/asynclint/asynclint/nogo/unusedasync"
)

// Analyzer reports malformed and unused directives.
var Analyzer = suppress.Reporter(
	[]*analysis.Analyzer{
		blocking.Analyzer, lockawait.Analyzer, droppedfuture.Analyzer, missingwake.Analyzer,
		nestedblockon.Analyzer, coescape.Analyzer, awaitinblocking.Analyzer, unusedasync.Analyzer,
		selectcancel.Analyzer, pollready.Analyzer,
		doublelock.Analyzer, forgetunlock.Analyzer, lockorder.Analyzer, lockblock.Analyzer,
	},
	suite.Names(), suppress.Options{})
