package suppress

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/suite"
)

// The nogo packages cover every check of the suite, under the checks' own
// names and fact types, and validate as one analyzer set (as nogo loads
// them).
func TestNogoSet(t *testing.T) {
	wrapped := Analyzer.Requires
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range wrapped {
		byName[a.Name] = a
	}
	for _, c := range suite.All() {
		w, ok := byName[c.Analyzer.Name]
		if !ok {
			t.Errorf("no nogo package wraps %s", c.Analyzer.Name)
			continue
		}
		if len(w.FactTypes) != len(c.Analyzer.FactTypes) || w.Doc != c.Analyzer.Doc {
			t.Errorf("nogo %s differs from the check in facts or doc", c.Analyzer.Name)
		}
	}
	if err := analysis.Validate([]*analysis.Analyzer{Analyzer}); err != nil {
		t.Errorf("the nogo analyzers do not validate: %v", err)
	}
}
