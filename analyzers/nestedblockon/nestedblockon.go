package nestedblockon

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/asyncctx"
	"github.com/asynclint/asynclint/passes/mayblock"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "nestedblockon",
	Run:  run,
	Requires: []*analysis.Analyzer{
		asyncctx.Analyzer,
		mayblock.Analyzer,
		generated.Analyzer,
		tokenfile.Analyzer, // report.Report looks files up through it
	},
}, doc)

// Analyzer reports asyncrt.BlockOn, Run and Runtime.Close reached from
// async code.
var Analyzer = Check.Analyzer

// The runtime entry points, as the mayblock knowledge base identifies them
// (Op.ID, Evidence.Op).
const (
	idBlockOn = asyncapi.Path + ".BlockOn"
	idRun     = asyncapi.Path + ".Run"
	idClose   = "(*" + asyncapi.Path + ".Runtime).Close"
)

// The check reuses the mayblock pass instead of computing facts of its
// own: BlockOn, Run and Close are mayblock's operations of class Runtime,
// and its evidence for that class is the shortest chain ending in one of
// them, with the operation's identity in Evidence.Op. Restricting the
// queries to that class is all it takes to know that a helper ends in a
// nested runtime and not in some other blocking call. Like the blocking
// check it is written against SSA (which bodies run on a worker, static
// callees through closures, method values and generic instantiations); the
// syntax is consulted only to place the report and build the fix.
func run(pass *analysis.Pass) (any, error) {
	actx, _ := pass.ResultOf[asyncctx.Analyzer].(*asyncctx.Result)
	mb, _ := pass.ResultOf[mayblock.Analyzer].(*mayblock.Result)
	if actx == nil || mb == nil || len(actx.AsyncFuncs()) == 0 {
		return nil, nil
	}
	c := &checker{pass: pass, actx: actx, mb: mb, index: make(map[*ast.File]map[token.Pos]ast.Node)}
	for _, fn := range actx.AsyncFuncs() {
		c.checkFunc(fn)
	}
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	actx  *asyncctx.Result
	mb    *mayblock.Result
	index map[*ast.File]map[token.Pos]ast.Node // call syntax by SSA position, per file
}

func (c *checker) checkFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := call.(*ssa.Go); isGo {
				continue // the callee runs on its own goroutine
			}
			if op, ok := c.mb.Op(call); ok {
				if op.Class == mayblock.Runtime {
					c.reportDirect(fn, call, op.ID)
				}
				continue
			}
			if c.actx.CalleeIsAsync(call.Common()) {
				continue
			}
			if ev, ok := c.mb.CallOf(call, mayblock.Runtime); ok && len(ev.Chain) > 0 {
				c.reportChain(fn, call, ev)
			}
		}
	}
}

// what names an entry point and says what it would wait for.
func what(id string) (name, waits string) {
	switch id {
	case idBlockOn:
		return "asyncrt.BlockOn", "it would park this worker until a future completes that may need this very worker"
	case idRun:
		return "asyncrt.Run", "it would start a second runtime and park this worker until the future completes"
	case idClose:
		return "(*asyncrt.Runtime).Close", "it would wait for every task of the runtime, possibly including the one calling it"
	}
	return id, "it would park this worker"
}

func (c *checker) advice(fn *ssa.Function, id string, pos token.Pos) string {
	if id == idClose {
		return "close the runtime from the code that created it, outside async code"
	}
	if c.actx.InPoll(fn) {
		return "poll the future as a child of this one (f.Poll(cx)) instead"
	}
	co, ok := c.coName(fn, pos)
	if !ok {
		co = "co"
	}
	return fmt.Sprintf("await the future instead: asyncrt.Await(%s, f)", co)
}

func (c *checker) reportDirect(fn *ssa.Function, call ssa.CallInstruction, id string) {
	file, node := c.node(call.Pos())
	if node == nil {
		return
	}
	name, waits := what(id)
	msg := fmt.Sprintf("%s called from async code panics at run time (the runtime refuses it on a worker: %s); %s",
		name, waits, c.advice(fn, id, call.Pos()))
	opts := []report.Option{report.FilterGenerated()}
	if ce, ok := node.(*ast.CallExpr); ok && id != idClose && !c.actx.InPoll(fn) {
		if _, isCall := call.(*ssa.Call); isCall {
			if co, ok := c.coName(fn, call.Pos()); ok {
				if fix, ok := c.awaitFix(file, ce, id, co); ok {
					opts = append(opts, report.Fixes(fix))
				}
			}
		}
	}
	report.Report(c.pass, node, msg, opts...)
}

func (c *checker) reportChain(fn *ssa.Function, call ssa.CallInstruction, ev *mayblock.Evidence) {
	_, node := c.node(call.Pos())
	if node == nil {
		return
	}
	name, waits := what(ev.Op)
	advice := "make it take the *asyncrt.Co and await instead, or call it from asyncrt.SpawnBlocking and await the JoinHandle"
	switch {
	case ev.Op == idClose:
		// Not SpawnBlocking: Close would wait for that very task.
		advice = "call it from the code that created the runtime, outside async code"
	case c.actx.InPoll(fn):
		advice = "call it from an asyncrt.SpawnBlocking task and wake the poller when it is done"
	}
	msg := fmt.Sprintf("%s reaches %s (%s), which panics when called from async code (%s); %s",
		ev.Chain[0], name, ev, waits, advice)
	opts := []report.Option{report.FilterGenerated()}
	if p := ev.Pos(); p.IsValid() {
		if f, n := c.node(p); f != nil && n != nil {
			opts = append(opts, report.Related(n, name+" is called here"))
		}
	}
	report.Report(c.pass, node, msg, opts...)
}

// coName returns the name under which fn's *asyncrt.Co can be written at
// pos: it must resolve there to a *asyncrt.Co variable.
func (c *checker) coName(fn *ssa.Function, pos token.Pos) (string, bool) {
	co := c.actx.Co(fn)
	if co == nil || c.pass.Pkg == nil {
		return "", false
	}
	name := co.Name()
	if name == "" || name == "_" {
		return "", false
	}
	scope := c.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return "", false
	}
	_, obj := scope.LookupParent(name, pos)
	if v, ok := obj.(*types.Var); ok && asyncapi.IsCo(v.Type()) {
		return name, true
	}
	return "", false
}

// node returns the file containing pos and the call syntax an SSA call
// instruction at pos comes from (SSA places calls at their Lparen and
// deferred calls at "defer"). Positions outside the package's files (or
// synthesized code without a position) give nil.
func (c *checker) node(pos token.Pos) (*ast.File, ast.Node) {
	if !pos.IsValid() {
		return nil, nil
	}
	var file *ast.File
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			file = f
			break
		}
	}
	if file == nil {
		return nil, nil
	}
	idx := c.index[file]
	if idx == nil {
		idx = make(map[token.Pos]ast.Node)
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				idx[n.Lparen] = n
			case *ast.DeferStmt:
				idx[n.Defer] = n.Call
			}
			return true
		})
		c.index[file] = idx
	}
	return file, idx[pos]
}
