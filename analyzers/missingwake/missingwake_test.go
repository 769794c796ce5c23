package missingwake_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/missingwake"
)

// TestAnalyzer runs the check over package a (futures that forget, keep,
// delegate, go stale or lose their waker) and package reg (an event source
// in another package whose helpers reach a only as facts).
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), missingwake.Analyzer, "a", "reg")
}
