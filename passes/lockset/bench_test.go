package lockset_test

import (
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"

	"github.com/asynclint/asynclint/passes/lockset"
)

// benchPackages are lock-heavy standard packages; with their dependencies
// they are about a third of std.
var benchPackages = []string{"net/http", "database/sql", "os/exec", "sync", "go/types"}

type noFact struct{}

func (*noFact) AFact() {}

// ssaOnly is the baseline: SSA for the same packages (it declares a fact
// type so that, like lockset, it runs over every dependency too).
var ssaOnly = &analysis.Analyzer{
	Name:       "ssaonly",
	Doc:        "build SSA and nothing else (benchmark baseline)",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes:  []analysis.Fact{new(noFact)},
	ResultType: reflect.TypeFor[bool](),
	Run:        func(*analysis.Pass) (any, error) { return true, nil },
}

func benchAnalyze(b *testing.B, a *analysis.Analyzer) {
	if testing.Short() {
		b.Skip("loads a large part of std")
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, benchPackages...)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		for act := range g.All() {
			if act.Err != nil {
				b.Fatal(act.Err)
			}
		}
	}
}

// BenchmarkSSABaseline and BenchmarkLockset run side by side: the
// difference is the cost of the lock-state analysis and its facts.
func BenchmarkSSABaseline(b *testing.B) { benchAnalyze(b, ssaOnly) }
func BenchmarkLockset(b *testing.B)     { benchAnalyze(b, lockset.Analyzer) }
