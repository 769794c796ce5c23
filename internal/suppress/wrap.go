package suppress

import (
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Options are the filters that apply to every check's diagnostics besides
// the directives. Under `go vet` they arrive as flags (see internal/engine),
// so vet's result cache stays correct.
type Options struct {
	// SkipTests drops diagnostics in _test.go files (the -test=false flag).
	// The test files are still analyzed: facts about them may matter.
	SkipTests bool
	// PathRules disable checks under paths.
	PathRules []PathRule
}

// Active reports whether check's diagnostics in file are kept by o. A
// directive for a check that is not active in its file is not "unused".
func (o Options) Active(check, file string) bool {
	if o.SkipTests && strings.HasSuffix(file, "_test.go") {
		return false
	}
	for _, r := range o.PathRules {
		if r.covers(check, file) {
			return false
		}
	}
	return true
}

// Wrap returns an analyzer that runs check and reports its diagnostics
// except those filtered by opts or silenced by a directive.
//
// The wrapper keeps check's name, documentation, flags, facts and result
// type, so drivers, flags and -explain see the check itself; it differs only
// in requiring Analyzer for the directives. check itself is not modified:
// tests and other drivers that use it directly see every diagnostic.
func Wrap(check *analysis.Analyzer, opts Options) *analysis.Analyzer {
	w := *check
	w.Requires = append(slices.Clone(check.Requires), Analyzer)
	w.Run = func(pass *analysis.Pass) (any, error) {
		ds := pass.ResultOf[Analyzer].(*Directives)
		inner := *pass
		inner.Analyzer = check
		inner.Report = func(d analysis.Diagnostic) {
			posn := pass.Fset.PositionFor(d.Pos, false)
			if !opts.Active(check.Name, posn.Filename) || ds.match(check.Name, posn) {
				return
			}
			pass.Report(d)
		}
		return check.Run(&inner)
	}
	return &w
}
