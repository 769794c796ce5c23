package blocking_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"

	"github.com/asynclint/asynclint/analyzers/blocking"
)

// BenchmarkNetHTTP measures the check over net/http and its dependencies
// (facts are computed for all of them), side by side with its unavoidable
// baseline: building SSA for the same packages (an analyzer with a fact type
// runs on every dependency, so the baseline declares one too). Loading and
// type checking are outside the timed region. Run with
//
//	go test -run=^$ -bench=NetHTTP -benchtime=3x -benchmem ./analyzers/blocking/
func BenchmarkNetHTTP(b *testing.B) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, "net/http")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		b.Fatalf("loading net/http: %v", err)
	}
	for _, bc := range []struct {
		name string
		a    *analysis.Analyzer
	}{
		{"buildssa", ssaEverywhere},
		{"blocking", blocking.Analyzer},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := checker.Analyze([]*analysis.Analyzer{bc.a}, pkgs, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// ssaEverywhere builds SSA for every package, as the checks' passes do.
var ssaEverywhere = &analysis.Analyzer{
	Name:      "ssaeverywhere",
	Doc:       "build SSA for every package and do nothing else",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(noFact)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

type noFact struct{}

func (*noFact) AFact() {}
