package missingwake

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/internal/ssapos"
	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/asyncctx"
	"github.com/asynclint/asynclint/passes/wakerfacts"
)

// Check is the documented missingwake check; Analyzer is its analyzer.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "missingwake",
	Run:  run,
	Requires: []*analysis.Analyzer{
		buildssa.Analyzer,
		asyncctx.Analyzer,
		wakerfacts.Analyzer,
		generated.Analyzer,
		// report.Report looks files up through tokenfile; checkdoc does
		// not add it the way lint.InitializeAnalyzer would.
		tokenfile.Analyzer,
	},
}, doc)

var Analyzer = Check.Analyzer

// The check is written against SSA, not the syntax tree: the question "was
// the waker registered on every path to this return" needs the values
// (which copy of cx.Waker() went where, which Poll result a branch tests)
// and the control-flow graph together, and SSA has both. The path search is
// lostcancel's, with the waker's registrations in place of the uses of the
// cancel function, and with one extra piece of state per path: which child
// polls are still "possibly Pending" (see checkPoll).

func run(pass *analysis.Pass) (any, error) {
	if asyncapi.IsRuntimePackage(pass.Pkg) {
		// The runtime implements wakers out of the parts this check looks
		// for; its own futures register through its scheduler internals.
		return nil, nil
	}
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	actx, _ := pass.ResultOf[asyncctx.Analyzer].(*asyncctx.Result)
	wf, _ := pass.ResultOf[wakerfacts.Analyzer].(*wakerfacts.Result)
	if ssainfo == nil || actx == nil || wf == nil {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		wf:       wf,
		files:    make(map[*token.File]bool),
		stores:   make(map[*types.Var][]wakerfacts.Event),
		lostSeen: make(map[ssa.Instruction]bool),
	}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			c.files[tf] = true
		}
	}
	for _, fn := range ssainfo.SrcFuncs {
		if len(fn.Blocks) == 0 {
			continue
		}
		roots := wakerfacts.TrackedRoots(fn)
		if len(roots) == 0 {
			continue
		}
		flow := wf.Trace(fn, roots...)
		c.recordStores(flow)
		guards := c.staleGuards(flow)
		switch actx.Kind(fn) {
		case asyncctx.PollMethod, asyncctx.PollFunc:
			if cx := actx.ContextParam(fn); cx != nil {
				c.checkPoll(fn, cx, flow, guards)
			}
		}
	}
	c.reportLost(ssainfo.SrcFuncs)
	c.reportStale()
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	wf    *wakerfacts.Result
	files map[*token.File]bool
	// stores are the waker stores into fields of this package, by field.
	stores   map[*types.Var][]wakerfacts.Event
	stale    []staleStore
	lostSeen map[ssa.Instruction]bool
}

// report reports at pos when pos lies in one of the package's files (SSA
// positions of synthesized code may not), else at fallback.
func (c *checker) report(pos, fallback token.Pos, msg string) {
	for _, p := range []token.Pos{pos, fallback} {
		if p.IsValid() && c.files[c.pass.Fset.File(p)] {
			report.Report(c.pass, ssapos.Pos(p), msg, report.FilterGenerated())
			return
		}
	}
}

func (c *checker) line(p token.Pos) int { return c.pass.Fset.Position(p).Line }

func lastInstr(b *ssa.BasicBlock) ssa.Instruction {
	if len(b.Instrs) == 0 {
		return nil
	}
	return b.Instrs[len(b.Instrs)-1]
}
