package suppress

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/lint"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/internal/suggest"
)

// Name is the name under which problems with directives are reported.
const Name = "suppress"

var doc = &lint.RawDocumentation{
	Title: "Malformed or unused \\'//asynclint:ignore\\' directives",
	Text: `A directive \'//asynclint:ignore CHECK reason\' silences CHECK on its own
line when it trails code, or on the line after its comment block when it
stands alone; \'//asynclint:file-ignore CHECK reason\' silences CHECK in the
whole file. Several checks are separated by commas, without spaces.

This check reports directives that name no check, give no reason (the reason
is what a reviewer reads a year later), name a check that does not exist, or
silence nothing: a stale directive hides the next real finding on that line.
The suggested fix for a directive that silences nothing deletes it.

A directive for a check that is disabled (by -checks, by a per-path disable
in asynclint.toml, or in a test file under -test=false) is not reported as
unused, since that check did not run there.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityWarning,
}

// Check is the documentation and identity of the suppress check. The
// analyzer that runs is made by Reporter, because it depends on which checks
// are enabled.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: Name,
	// report.Report needs generated (FilterGenerated) and tokenfile (it
	// looks up each node's file for the language version).
	Requires: []*analysis.Analyzer{Analyzer, generated.Analyzer, tokenfile.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}, doc)

// Reporter returns the suppress analyzer for a run whose enabled checks are
// wrapped (each the result of Wrap with the same opts); known lists every
// check name that exists, enabled or not. It requires the wrapped checks so
// it runs after all of them and sees which directives they used.
func Reporter(wrapped []*analysis.Analyzer, known []string, opts Options) *analysis.Analyzer {
	enabled := make(map[string]bool)
	for _, a := range wrapped {
		enabled[a.Name] = true
	}
	r := *Check.Analyzer
	r.Requires = append(slices.Clone(Check.Analyzer.Requires), wrapped...)
	r.Run = func(pass *analysis.Pass) (any, error) {
		ds := pass.ResultOf[Analyzer].(*Directives)
		for _, d := range ds.List {
			reportDirective(pass, ds, d, enabled, known, opts)
		}
		return nil, nil
	}
	return &r
}

func reportDirective(pass *analysis.Pass, ds *Directives, d *Directive, enabled map[string]bool, known []string, opts Options) {
	kind := "//asynclint:ignore"
	if d.FileWide {
		kind = "//asynclint:file-ignore"
	}
	if d.Problem != "" {
		report.Report(pass, d.Comment, kind+" directive "+d.Problem, report.FilterGenerated())
		return
	}
	var unknown, unused []string
	active := 0
	for _, c := range d.Checks {
		switch {
		case !slices.Contains(known, c):
			unknown = append(unknown, fmt.Sprintf("%q%s", c, suggest.Hint(c, known)))
		case !enabled[c] || !opts.activeAt(pass.Fset, c, d.Comment.Pos()):
			// Did not run here: neither used nor unused.
		case ds.Used(d, c):
			active++
		default:
			active++
			unused = append(unused, c)
		}
	}
	if len(unknown) > 0 {
		report.Report(pass, d.Comment, fmt.Sprintf("%s directive names unknown check %s; the checks are %s",
			kind, strings.Join(unknown, ", "), strings.Join(known, ", ")), report.FilterGenerated())
	}
	if len(unused) == 0 {
		return
	}
	if len(unused) == active && len(unknown) == 0 {
		// Nothing in the directive does anything: offer to delete it
		// (not in a rewritten copy such as cgo's, where the edit's offsets
		// would not be those of the user's file).
		ropts := []report.Option{report.FilterGenerated()}
		if !rewritten(pass.Fset, d.Comment.Pos()) {
			ropts = append(ropts, report.Fixes(analysis.SuggestedFix{
				Message:   "Remove the directive",
				TextEdits: []analysis.TextEdit{deleteComment(pass.Fset, d)},
			}))
		}
		report.Report(pass, d.Comment,
			fmt.Sprintf("%s directive silences nothing (no %s finding here); remove it so it cannot hide a future finding",
				kind, strings.Join(unused, " or ")),
			ropts...)
		return
	}
	report.Report(pass, d.Comment,
		fmt.Sprintf("%s directive: %s silences nothing here; drop it from the list", kind, strings.Join(unused, ", ")),
		report.FilterGenerated())
}

// deleteComment returns the edit removing d's comment: its whole line when
// it stands alone, so no blank line is left behind; otherwise just the
// comment (the fix is gofmt'ed, which drops the trailing space).
func deleteComment(fset *token.FileSet, d *Directive) analysis.TextEdit {
	edit := analysis.TextEdit{Pos: d.Comment.Pos(), End: d.Comment.End()}
	tf := fset.File(d.Comment.Pos())
	if !d.Alone || tf == nil {
		return edit
	}
	line := tf.Line(d.Comment.Pos())
	if line >= tf.LineCount() {
		return edit
	}
	return analysis.TextEdit{Pos: tf.LineStart(line), End: tf.LineStart(line + 1)}
}
