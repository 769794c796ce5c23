package nestedblockon_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/nestedblockon"
)

func TestNestedBlockOn(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), nestedblockon.Analyzer, "a")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), nestedblockon.Analyzer, "fix")
}
