package asyncctx_test

import (
	"fmt"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncctx"
)

// probe reports the classification of every async function at its position,
// so the test data states the expected kind with // want comments and every
// function without one is asserted NotAsync (analysistest fails on
// unexpected diagnostics).
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report asyncctx's classification",
	Requires: []*analysis.Analyzer{asyncctx.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[asyncctx.Analyzer].(*asyncctx.Result)
		for _, fn := range res.AsyncFuncs() {
			msg := res.Kind(fn).String()
			if co := res.Co(fn); co != nil {
				msg += fmt.Sprintf(" co=%s", co.Name())
			}
			if cx := res.ContextParam(fn); cx != nil {
				msg += fmt.Sprintf(" cx=%s", cx.Name())
			}
			if p := res.CoParam(fn); p != nil && !types.Identical(p.Type(), res.Co(fn).Type()) {
				pass.Reportf(fn.Pos(), "CoParam and Co disagree")
			}
			if o := res.Outer(fn); o != nil {
				msg += " in " + o.Name()
			}
			pass.Reportf(fn.Pos(), "%s", msg)
		}
		// Instantiations of generic functions are answered for their origin.
		for _, fn := range res.AsyncFuncs() {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok {
						continue
					}
					callee := call.Call.StaticCallee()
					if callee != nil && callee.Origin() != nil && callee.Origin() != callee && callee.Origin().Package() == fn.Package() {
						pass.Reportf(call.Pos(), "instance of %s", res.Kind(callee))
					}
				}
			}
		}
		return nil, nil
	},
}

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "a")
}
