package coescape_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/coescape"
)

func TestCoEscape(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), coescape.Analyzer, "a")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), coescape.Analyzer, "fix")
}
