// Package suite is the registry of asynclint's checks: every driver (the
// command line, `go vet -vettool`, the golangci-lint plugin, the language
// server) takes its list from here, so a check added once appears
// everywhere, in the same order.
package suite

import (
	"slices"

	"honnef.co/go/tools/analysis/lint"

	"github.com/asynclint/asynclint/analyzers/awaitinblocking"
	"github.com/asynclint/asynclint/analyzers/blocking"
	"github.com/asynclint/asynclint/analyzers/coescape"
	"github.com/asynclint/asynclint/analyzers/doublelock"
	"github.com/asynclint/asynclint/analyzers/droppedfuture"
	"github.com/asynclint/asynclint/analyzers/forgetunlock"
	"github.com/asynclint/asynclint/analyzers/lockawait"
	"github.com/asynclint/asynclint/analyzers/lockblock"
	"github.com/asynclint/asynclint/analyzers/lockorder"
	"github.com/asynclint/asynclint/analyzers/missingwake"
	"github.com/asynclint/asynclint/analyzers/nestedblockon"
	"github.com/asynclint/asynclint/analyzers/pollready"
	"github.com/asynclint/asynclint/analyzers/selectcancel"
	"github.com/asynclint/asynclint/analyzers/unusedasync"
)

// checks is in a stable order (the order of the docs index and of output
// rules): the pitfalls in the order a newcomer meets them, the first wave
// of checks, then the second (issue 9), then the Go-native lock checks
// that need no asyncrt (issue 10). New checks go at the end, so that
// existing -checks lists, SARIF rule indexes and golden outputs keep their
// order.
var checks = []*lint.Analyzer{
	blocking.Check,
	lockawait.Check,
	droppedfuture.Check,
	missingwake.Check,

	nestedblockon.Check,
	coescape.Check,
	awaitinblocking.Check,
	unusedasync.Check,
	selectcancel.Check,
	pollready.Check,

	doublelock.Check,
	forgetunlock.Check,
	lockorder.Check,
	lockblock.Check,
}

// All returns every check, in the stable order. The slice is a copy; the
// analyzers are shared and must not be modified.
func All() []*lint.Analyzer { return slices.Clone(checks) }

// Names returns the check names in the stable order.
func Names() []string {
	names := make([]string, len(checks))
	for i, c := range checks {
		names[i] = c.Analyzer.Name
	}
	return names
}

// Lookup returns the check with the given name.
func Lookup(name string) (*lint.Analyzer, bool) {
	for _, c := range checks {
		if c.Analyzer.Name == name {
			return c, true
		}
	}
	return nil, false
}
