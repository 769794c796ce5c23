package unusedasync_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/unusedasync"
)

func TestUnusedAsync(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unusedasync.Analyzer, "a", "prog")
}

// TestExported runs with -exported: exported API is reported too.
func TestExported(t *testing.T) {
	if err := unusedasync.Analyzer.Flags.Set("exported", "true"); err != nil {
		t.Fatal(err)
	}
	defer unusedasync.Analyzer.Flags.Set("exported", "false")
	analysistest.Run(t, analysistest.TestData(), unusedasync.Analyzer, "api")
}
