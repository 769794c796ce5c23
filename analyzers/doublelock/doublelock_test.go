package doublelock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/doublelock"
)

func TestDoubleLock(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doublelock.Analyzer, "a", "b")
}
