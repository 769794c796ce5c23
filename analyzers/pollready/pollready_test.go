package pollready_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/pollready"
)

func TestPollReady(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), pollready.Analyzer, "a")
}
