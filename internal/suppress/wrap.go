package suppress

import (
	"go/token"
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
			if !opts.activeAt(pass.Fset, check.Name, d.Pos) || ds.match(check.Name, posn) {
				return
			}
			d.SuggestedFixes = slices.DeleteFunc(d.SuggestedFixes, func(f analysis.SuggestedFix) bool {
				return slices.ContainsFunc(f.TextEdits, func(e analysis.TextEdit) bool { return rewritten(pass.Fset, e.Pos) })
			})
			pass.Report(d)
		}
		return check.Run(&inner)
	}
	return &w
}

// activeAt is Active for the file at pos under both of its names: its own,
// and the one its //line directives give. cgo hands the analysis a
// rewritten copy of each file, kept in the build cache, whose //line
// directives name the user's file; a path rule names the user's file.
func (o Options) activeAt(fset *token.FileSet, check string, pos token.Pos) bool {
	return o.Active(check, fset.PositionFor(pos, false).Filename) && o.Active(check, fset.Position(pos).Filename)
}

// rewritten reports whether pos lies in a file that //line directives
// attribute to another file, such as cgo's rewritten copy of a user's file.
// A fix there cannot be applied: its edits carry byte offsets into the copy
// but drivers print them (and editors apply them) against the file the
// directives name.
func rewritten(fset *token.FileSet, pos token.Pos) bool {
	return pos.IsValid() && fset.PositionFor(pos, false).Filename != fset.Position(pos).Filename
}
