package droppedfuture_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/droppedfuture"
)

func TestDroppedFuture(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), droppedfuture.Analyzer, "a")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), droppedfuture.Analyzer, "fix")
}
