package wakerfacts_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/passes/wakerfacts"
)

// TestFacts checks the facts exported for helpers in one package and for
// helpers in another that get theirs only through the first one's facts.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), wakerfacts.Analyzer, "facts", "factsuse")
}
