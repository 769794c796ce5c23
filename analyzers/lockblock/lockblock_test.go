package lockblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/lockblock"
)

func TestLockBlock(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockblock.Analyzer, "a", "b")
}
