package awaitinblocking_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/awaitinblocking"
)

func TestAwaitInBlocking(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), awaitinblocking.Analyzer, "a")
}
