package forgetunlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/forgetunlock"
)

func TestForgetUnlock(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), forgetunlock.Analyzer, "a")
}
