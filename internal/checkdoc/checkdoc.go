// Package checkdoc turns each check's structured documentation into the
// analysis.Analyzer fields that drivers show (Doc, URL), so a check's text is
// written once, in its doc.go, and the command line's -explain, the SARIF rule
// metadata and the editor hover are all made from it.
package checkdoc

import (
	"slices"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/lint"
)

// DocsURL is where the per-check pages live; a check's page is
// DocsURL + name + ".md".
const DocsURL = "https://github.com/asynclint/asynclint/blob/main/docs/"

// New fills a.Doc and a.URL from doc and returns the pair as a
// *lint.Analyzer, the unit the driver, the plugin and the language server
// iterate over.
func New(a *analysis.Analyzer, doc *lint.RawDocumentation) *lint.Analyzer {
	a.Doc = doc.Compile().String()
	a.URL = DocsURL + a.Name + ".md"
	// honnef.co/go/tools/analysis/report, which every check reports through,
	// reads the token.File of each position from tokenfile's result.
	if !slices.Contains(a.Requires, tokenfile.Analyzer) {
		a.Requires = append(a.Requires, tokenfile.Analyzer)
	}
	return &lint.Analyzer{Doc: doc, Analyzer: a}
}
