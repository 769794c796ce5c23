package lockset_test

import (
	"os"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/asynclint/asynclint/passes/lockset"
)

func TestDebug(t *testing.T) {
	if os.Getenv("DEBUGPKG") == "" {
		t.Skip()
	}
	a := &analysis.Analyzer{Name: "dbg", Doc: "dbg", Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
			for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
				if os.Getenv("DEBUGFN") != "" && fn.Name() != os.Getenv("DEBUGFN") && (fn.Parent() == nil || fn.Parent().Name() != os.Getenv("DEBUGFN")) {
					continue
				}
				why, sk := res.Skipped(fn)
				t.Logf("%s: summary=%v skipped=%v %s func=%v", fn, res.Summary(fn), sk, why, res.Func(fn) != nil)
				if os.Getenv("DEBUGFN") != "" {
					fn.WriteTo(os.Stderr)
				}
			}
			return nil, nil
		}}
	analysistest.Run(t, analysistest.TestData(), a, os.Getenv("DEBUGPKG"))
}
