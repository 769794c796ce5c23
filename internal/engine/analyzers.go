package engine

import (
	"encoding/gob"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/lint"

	"github.com/asynclint/asynclint/internal/suppress"
)

// Analyzers returns the analyzers a driver runs for opts: each enabled check
// of checks, wrapped so that directives and opts' filters apply to its
// diagnostics, then (if withReporter) the suppress analyzer that reports
// malformed and unused directives. This is the list for golangci-lint's
// BuildAnalyzers, for the vettool, and for any in-process driver.
//
// withReporter is false only where diagnostics are not wanted at all (vet's
// facts-only runs over dependencies), because the reporter requires every
// check, which would make vet run checks that have no facts to compute.
func Analyzers(checks []*lint.Analyzer, opts Options, withReporter bool) []*analysis.Analyzer {
	known := make([]string, len(checks))
	var wrapped []*analysis.Analyzer
	for i, c := range checks {
		known[i] = c.Analyzer.Name
		if opts.Enabled(c.Analyzer.Name) {
			wrapped = append(wrapped, suppress.Wrap(c.Analyzer, opts.Suppress()))
		}
	}
	if !withReporter || len(wrapped) == 0 {
		return wrapped
	}
	return append(wrapped, suppress.Reporter(wrapped, known, opts.Suppress()))
}

// RegisterFacts registers the fact types of every check with gob, enabled or
// not, so that facts files written by a run with other options still decode.
func RegisterFacts(checks []*lint.Analyzer) {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for _, c := range checks {
		visit(c.Analyzer)
	}
}

// Known returns the names of checks, in order.
func Known(checks []*lint.Analyzer) []string {
	names := make([]string, len(checks))
	for i, c := range checks {
		names[i] = c.Analyzer.Name
	}
	return names
}
