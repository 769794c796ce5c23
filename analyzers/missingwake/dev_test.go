package missingwake_test

import (
	"os"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/missingwake"
)

func TestDev(t *testing.T) {
	dir := os.Getenv("MW_DEV")
	if dir == "" {
		t.Skip()
	}
	analysistest.Run(t, dir, missingwake.Analyzer, "a", "reg")
}
