package lockset_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/settings"
	"github.com/asynclint/asynclint/passes/lockset"
)

func TestSummaries(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockset.Analyzer, "facts", "lockdep")
}

// probe reports, at each call of a function named observe, the locks held
// just before it: "held: s.mu must @20; t.mu read may @31,33 via h".
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report lock states at observe() calls (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ssainput := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, fn := range ssainput.SrcFuncs {
			f := res.Func(fn)
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok {
						continue
					}
					if callee := call.Call.StaticCallee(); callee == nil || callee.Name() != "observe" {
						continue
					}
					var st *lockset.State
					if f != nil {
						st = f.Before(instr)
					}
					pass.Reportf(call.Pos(), "held: %s", describe(pass, st))
				}
			}
			if f != nil {
				checkWalk(pass, f)
			}
		}
		return nil, nil
	},
}

func describe(pass *analysis.Pass, st *lockset.State) string {
	held := st.Held()
	if len(held) == 0 {
		if !st.Empty() {
			return "inconsistent: Held empty but not Empty"
		}
		return "none"
	}
	var parts []string
	for _, h := range held {
		s := h.Lock.String()
		if h.Lock.Mode == lockset.Shared {
			s += " read"
		}
		if h.Must != st.MustHold(h.Lock) || !st.MayHold(h.Lock) {
			s += " inconsistent"
		}
		if h.Must {
			s += " must"
		} else {
			s += " may"
		}
		if h.DeferredUnlock {
			s += " deferred-unlock"
		}
		var lines []string
		var via string
		for _, site := range h.Sites {
			lines = append(lines, fmt.Sprint(pass.Fset.Position(site.Call.Pos()).Line))
			if site.Via != nil {
				via = " via " + site.Via.String()
			}
		}
		s += " @" + strings.Join(lines, ",") + strings.ReplaceAll(via, "(*states.S)", "(*states.S)")
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// checkWalk verifies that Walk and Before agree at every instruction.
func checkWalk(pass *analysis.Pass, f *lockset.Func) {
	f.Walk(func(instr ssa.Instruction, s *lockset.State) {
		if got, want := describe(pass, s), describe(pass, f.Before(instr)); got != want {
			pass.Reportf(instr.Pos(), "Walk says %q, Before says %q", got, want)
		}
	})
}

func TestStates(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "states")
}

func TestLockTypesAndEdges(t *testing.T) {
	old := settings.Current()
	if err := settings.Set(&settings.Settings{LockTypes: []string{"custom.SpinLock"}}); err != nil {
		t.Fatal(err)
	}
	defer settings.Set(old)
	analysistest.Run(t, analysistest.TestData(), probe, "custom")
}
