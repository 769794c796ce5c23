package chanops_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/passes/chanops"
)

// TestFacts checks the exported operation facts: classed operations,
// through calls, and none for local or unknown channels.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), chanops.Analyzer, "c")
}
