package awaitpoints_test

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/awaitpoints"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), awaitpoints.Analyzer, "a", "b")
}

// probe reports every await point with its evidence chain, and checks that
// Points, IsAwait and MaySuspend agree with each other.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report await points (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, awaitpoints.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ssainput := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		res := pass.ResultOf[awaitpoints.Analyzer].(*awaitpoints.Result)
		for _, fn := range ssainput.SrcFuncs {
			points := res.Points(fn)
			counted := 0
			for _, blk := range fn.Blocks {
				for _, instr := range blk.Instrs {
					call, ok := instr.(ssa.CallInstruction)
					if !ok || !res.IsAwait(call) {
						continue
					}
					counted++
					pass.Reportf(call.Pos(), "await point: %s", strings.Join(res.Chain(call), " → "))
					if callee := call.Common().StaticCallee(); callee != nil && !res.MaySuspend(callee) {
						pass.Reportf(call.Pos(), "inconsistent: IsAwait but callee %s does not MaySuspend", callee)
					}
				}
			}
			if counted != len(points) {
				pass.Reportf(fn.Pos(), "inconsistent: Points has %d entries, IsAwait %d", len(points), counted)
			}
			if (counted > 0) && !res.MaySuspend(fn) {
				pass.Reportf(fn.Pos(), "inconsistent: %s has await points but does not MaySuspend", fn)
			}
		}
		return nil, nil
	},
}

func TestPoints(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "points")
}

func TestDisplayName(t *testing.T) {
	pkg := types.NewPackage("example.com/x/y", "y")
	named := types.NewNamed(types.NewTypeName(0, pkg, "T", nil), types.NewStruct(nil, nil), nil)
	recv := types.NewVar(0, pkg, "t", types.NewPointer(named))
	m := types.NewFunc(0, pkg, "M", types.NewSignatureType(recv, nil, nil, nil, nil, false))
	f := types.NewFunc(0, pkg, "F", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	for fn, want := range map[*types.Func]string{m: "(*y.T).M", f: "y.F"} {
		if got := awaitpoints.DisplayName(fn); got != want {
			t.Errorf("DisplayName(%s) = %q, want %q", fn, got, want)
		}
	}
}
