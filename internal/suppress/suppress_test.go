package suppress

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// callCheck returns a check named name reporting every call to fn.
func callCheck(name, fn string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     name,
		Doc:      "reports calls to " + fn,
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
			ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
				call := n.(*ast.CallExpr)
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == fn {
					pass.Reportf(call.Pos(), "call to %s", fn)
				}
			})
			return nil, nil
		},
	}
}

func TestWrapFilters(t *testing.T) {
	opts := Options{PathRules: []PathRule{{Pattern: "legacy_*.go", Checks: []string{"fake"}}}}
	analysistest.Run(t, analysistest.TestData(), Wrap(callCheck("fake", "bad"), opts), "filter")
}

func TestReporter(t *testing.T) {
	fake := Wrap(callCheck("fake", "bad"), Options{})
	fake2 := Wrap(callCheck("fake2", "worse"), Options{})
	r := Reporter([]*analysis.Analyzer{fake, fake2}, []string{"fake", "fake2", "off"}, Options{})
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), r, "report")
}

func TestOptionsActive(t *testing.T) {
	opts := Options{
		SkipTests: true,
		PathRules: []PathRule{
			{Pattern: "/src/app/internal/legacy", Checks: []string{"blocking"}},
			{Pattern: "gen/...", Checks: []string{"all"}},
			{Pattern: "*_mock.go", Checks: []string{"lockawait", "blocking"}},
		},
	}
	for _, tc := range []struct {
		check, file string
		want        bool
	}{
		{"blocking", "/src/app/main.go", true},
		{"blocking", "/src/app/main_test.go", false},
		{"blocking", "/src/app/internal/legacy/a.go", false},
		{"blocking", "/src/app/internal/legacy/sub/a.go", false},
		{"lockawait", "/src/app/internal/legacy/a.go", true},
		{"blocking", "/src/app/internal/legacyx/a.go", true},
		{"blocking", "/other/src/app/internal/legacy/a.go", true}, // absolute: anchored
		{"missingwake", "/src/app/gen/x.go", false},
		{"missingwake", "/src/app/pkg/gen/deep/x.go", false}, // relative: anywhere
		{"missingwake", "/src/app/generate/x.go", true},
		{"lockawait", "/src/app/db_mock.go", false},
		{"missingwake", "/src/app/db_mock.go", true},
	} {
		if got := opts.Active(tc.check, tc.file); got != tc.want {
			t.Errorf("Active(%s, %s) = %v, want %v", tc.check, tc.file, got, tc.want)
		}
	}
}

func TestParsePathRule(t *testing.T) {
	r, err := ParsePathRule("internal/legacy:blocking,lockawait")
	if err != nil || r.Pattern != "internal/legacy" || len(r.Checks) != 2 || r.String() != "internal/legacy:blocking,lockawait" {
		t.Errorf("ParsePathRule = %+v, %v", r, err)
	}
	for _, bad := range []string{"internal/legacy", ":blocking", "x:", "[x:blocking"} {
		if _, err := ParsePathRule(bad); err == nil {
			t.Errorf("ParsePathRule(%q) succeeded, want an error", bad)
		}
	}
}
