package awaitinblocking

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/awaitpoints"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "awaitinblocking",
	Run:  run,
	Requires: []*analysis.Analyzer{
		buildssa.Analyzer,
		awaitpoints.Analyzer,
		generated.Analyzer,
		tokenfile.Analyzer, // report.Report looks files up through it
	},
}, doc)

// Analyzer reports await points in functions run by asyncrt.SpawnBlocking.
var Analyzer = Check.Analyzer

// The check is written against SSA because its two questions are SSA
// questions: which function value reaches SpawnBlocking's argument (a
// literal, a closure in a variable, a named function, a bound method), and
// which calls in that function's body are await points — the awaitpoints
// pass answers the latter for every function of the package, async or not,
// including helpers that await two calls down or in another package.
func run(pass *analysis.Pass) (any, error) {
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	aw, _ := pass.ResultOf[awaitpoints.Analyzer].(*awaitpoints.Result)
	if ssainfo == nil || aw == nil || asyncapi.IsRuntimePackage(pass.Pkg) {
		return nil, nil
	}
	c := &checker{pass: pass, aw: aw, index: make(map[*ast.File]map[token.Pos]ast.Node), done: make(map[*ssa.Function]bool)}
	for _, fn := range ssainfo.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				common := call.Common()
				if callee, _ := asyncapi.Callee(common); !asyncapi.IsFunc(callee, "SpawnBlocking") {
					continue
				}
				// SpawnBlocking(s Spawner, fn func() T): the function is
				// the second argument.
				if len(common.Args) == 2 {
					c.checkSpawn(call, common.Args[1])
				}
			}
		}
	}
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	aw    *awaitpoints.Result
	index map[*ast.File]map[token.Pos]ast.Node
	// done holds the literals already checked: a literal is reported once
	// even if several SpawnBlocking calls run it.
	done map[*ssa.Function]bool
}

// checkSpawn looks at the function value v handed to SpawnBlocking.
func (c *checker) checkSpawn(spawn ssa.CallInstruction, v ssa.Value) {
	var fn *ssa.Function
	switch v := v.(type) {
	case *ssa.Function:
		fn = v
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
	}
	if fn == nil {
		return // a function value from elsewhere: unknown
	}
	if fn.Parent() != nil {
		// A function literal: its body (and the literals it runs inline)
		// runs on the blocking pool; report its await points there.
		if !c.done[fn] {
			c.done[fn] = true
			c.checkBody(fn, blockingBodies(fn))
		}
		return
	}
	// A named function or method value: it may suspend somewhere inside.
	if !c.aw.MaySuspend(fn) {
		return
	}
	name := fn.Name()
	if obj, ok := fn.Object().(*types.Func); ok {
		name = awaitpoints.DisplayName(obj.Origin())
	}
	via := ""
	if pts := c.aw.Points(sourceOf(fn)); len(pts) > 0 {
		via = " (" + strings.Join(c.aw.Chain(pts[0]), " → ") + ")"
	}
	node := c.node(spawn.Pos())
	if node == nil {
		return
	}
	msg := fmt.Sprintf("%s may suspend%s, but asyncrt.SpawnBlocking runs it on the blocking pool, where there is no coroutine to suspend: the *asyncrt.Co it awaits with belongs to another coroutine, so the await panics or races with it; spawn it as a task with asyncrt.Spawn instead", name, via)
	report.Report(c.pass, node, msg, report.FilterGenerated())
}

// sourceOf maps a bound-method or wrapper function to the source function
// it calls, whose await points awaitpoints knows.
func sourceOf(fn *ssa.Function) *ssa.Function {
	if fn.Synthetic == "" || fn.Prog == nil {
		return fn
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		if src := fn.Prog.FuncValue(obj.Origin()); src != nil {
			return src
		}
	}
	return fn
}

// blockingBodies returns fn and the literals nested in it, transitively,
// whose code runs on the blocking pool, or at least never in a coroutine
// of its own: all of them except the bodies of coroutines (literals with a
// *asyncrt.Co parameter, such as those passed to asyncrt.Async, which have
// their own co to await with) and the bodies of go statements (a co used
// there is the coescape check's finding). A literal handed to another
// function is included: wherever it runs, it is not a coroutine.
func blockingBodies(fn *ssa.Function) map[*ssa.Function]bool {
	set := map[*ssa.Function]bool{fn: true}
	var walk func(f *ssa.Function)
	walk = func(f *ssa.Function) {
		for _, anon := range f.AnonFuncs {
			if asyncapi.CoParam(anon.Signature) >= 0 || goBody(anon) {
				continue
			}
			set[anon] = true
			walk(anon)
		}
	}
	walk(fn)
	return set
}

// goBody reports whether the literal fn is started by a go statement.
func goBody(fn *ssa.Function) bool {
	var v ssa.Value = fn
	if refs := fn.Referrers(); refs != nil {
		for _, ref := range *refs {
			if mc, ok := ref.(*ssa.MakeClosure); ok && mc.Fn == fn {
				v = mc
			}
		}
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		if g, ok := ref.(*ssa.Go); ok && g.Call.Value == v {
			return true
		}
	}
	return false
}

// checkBody reports the await points of the blocking function's bodies.
// A call of one of those inline literals is an await point when the
// literal awaits; it is skipped, since the await inside is reported.
func (c *checker) checkBody(top *ssa.Function, bodies map[*ssa.Function]bool) {
	for _, f := range sortedBodies(top, bodies) {
		for _, pt := range c.aw.Points(f) {
			if callee := pt.Common().StaticCallee(); callee != nil && bodies[callee] {
				continue
			}
			c.reportAwait(pt)
		}
	}
}

// sortedBodies lists top and its inline literals in buildssa's order
// (source order), so reports come out in a stable order.
func sortedBodies(top *ssa.Function, bodies map[*ssa.Function]bool) []*ssa.Function {
	out := []*ssa.Function{top}
	var walk func(f *ssa.Function)
	walk = func(f *ssa.Function) {
		for _, anon := range f.AnonFuncs {
			if bodies[anon] {
				out = append(out, anon)
				walk(anon)
			}
		}
	}
	walk(top)
	return out
}

func (c *checker) reportAwait(pt ssa.CallInstruction) {
	node := c.node(pt.Pos())
	if node == nil {
		return
	}
	chain := c.aw.Chain(pt)
	what := "this call"
	if len(chain) > 0 {
		what = chain[0]
	}
	via := ""
	if len(chain) > 1 {
		via = " (" + strings.Join(chain, " → ") + ")"
	}
	co := coArg(pt.Common())
	msg := fmt.Sprintf("%s suspends%s inside a function run by asyncrt.SpawnBlocking, on the blocking pool, where there is no coroutine: %s belongs to the async function that spawned it, which is suspended in Join (the await panics) or running elsewhere (it races); do the blocking work here and await after Join returns, or spawn the async part as a task",
		what, via, co)
	report.Report(c.pass, node, msg, report.FilterGenerated())
}

// coArg names the *asyncrt.Co an await point uses: "co, captured from the
// enclosing function", or a description when it is not a captured
// variable.
func coArg(call *ssa.CallCommon) string {
	args := call.Args
	for _, a := range args {
		if !asyncapi.IsCo(a.Type()) {
			continue
		}
		v := a
		if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
			v = u.X // a captured variable the literal reads
		}
		switch v := v.(type) {
		case *ssa.FreeVar:
			return "the *asyncrt.Co it uses (" + v.Name() + ", captured from the enclosing function)"
		case *ssa.Parameter:
			return "the *asyncrt.Co it uses (" + v.Name() + ")"
		}
		return "the *asyncrt.Co it uses"
	}
	return "the *asyncrt.Co it uses"
}

// node returns the call syntax for an SSA call position (its Lparen), or
// nil outside the package's files.
func (c *checker) node(pos token.Pos) ast.Node {
	if !pos.IsValid() {
		return nil
	}
	var file *ast.File
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			file = f
			break
		}
	}
	if file == nil {
		return nil
	}
	idx := c.index[file]
	if idx == nil {
		idx = make(map[token.Pos]ast.Node)
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				idx[call.Lparen] = call
			}
			return true
		})
		c.index[file] = idx
	}
	if n := idx[pos]; n != nil {
		return n
	}
	return nil
}
