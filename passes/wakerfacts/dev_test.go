package wakerfacts_test

import (
	"os"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/passes/wakerfacts"
)

func TestDev(t *testing.T) {
	dir := os.Getenv("WF_DEV")
	if dir == "" {
		t.Skip()
	}
	analysistest.Run(t, dir, wakerfacts.Analyzer, "facts", "factsuse")
}
