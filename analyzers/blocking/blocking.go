package blocking

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
	"github.com/asynclint/asynclint/internal/ssapos"
	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/asyncctx"
	"github.com/asynclint/asynclint/passes/mayblock"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "blocking",
	Run:  run,
	Requires: []*analysis.Analyzer{
		asyncctx.Analyzer,
		mayblock.Analyzer,
		generated.Analyzer,
		tokenfile.Analyzer, // report.Report looks files up through it
	},
}, doc)

// Analyzer reports blocking operations reached from async code.
var Analyzer = Check.Analyzer

// The check is written against SSA, through the asyncctx and mayblock
// passes: which bodies run on a worker, and which instructions and calls
// block, are questions about values and static callees (closures called
// through variables, method values, promoted methods, generic
// instantiations) that the syntax answers badly. The syntax is consulted
// only to place the report and build the fix.
func run(pass *analysis.Pass) (any, error) {
	actx, _ := pass.ResultOf[asyncctx.Analyzer].(*asyncctx.Result)
	mb, _ := pass.ResultOf[mayblock.Analyzer].(*mayblock.Result)
	if actx == nil || mb == nil || len(actx.AsyncFuncs()) == 0 {
		return nil, nil
	}
	c := &checker{pass: pass, actx: actx, mb: mb, syntax: make(map[*ast.File]map[token.Pos]ast.Node)}
	for _, fn := range actx.AsyncFuncs() {
		if c.suppressed(fn) {
			continue
		}
		c.checkFunc(fn)
	}
	return nil, nil
}

type checker struct {
	pass   *analysis.Pass
	actx   *asyncctx.Result
	mb     *mayblock.Result
	syntax map[*ast.File]map[token.Pos]ast.Node // per file, built on first use
}

// suppressed reports whether fn, or the function an inline literal runs
// in, is declared //asynclint:nonblocking (or listed as such).
func (c *checker) suppressed(fn *ssa.Function) bool {
	for f := fn; f != nil; f = c.actx.Outer(f) {
		if c.mb.NonBlocking(f) {
			return true
		}
	}
	return false
}

func (c *checker) checkFunc(fn *ssa.Function) {
	seen := make(map[token.Pos]bool)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Go); ok {
				continue // the callee runs on its own goroutine
			}
			if op, ok := c.mb.Op(instr); ok {
				if op.Class&checked == 0 {
					continue
				}
				pos := op.Pos
				if !pos.IsValid() {
					pos = instr.Pos()
				}
				if pos.IsValid() && !seen[pos] {
					seen[pos] = true
					c.reportOp(fn, instr, op, pos)
				}
				continue
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok || c.actx.CalleeIsAsync(call.Common()) {
				continue
			}
			if ev, ok := c.mb.CallOf(call, checked); ok {
				if pos := call.Pos(); pos.IsValid() && !seen[pos] {
					seen[pos] = true
					c.reportCall(fn, pos, ev)
				}
			}
		}
	}
}

// checked is the set of operations this check reports. Entering a nested
// runtime (asyncrt.BlockOn, Run, Runtime.Close) is left to the nestedblockon
// check, which says what really happens there (a panic, not a stall) and
// offers the rewrite to Await; reporting it here too would say the same
// thing twice on one line.
const checked = mayblock.All &^ mayblock.Runtime

const (
	why        = "blocks an executor worker: every other task on it waits"
	pollAdvice = "keep cx.Waker() and return Pending until it can complete (wake it from a timer or an asyncrt.SpawnBlocking task)"
	callAdvice = "run it with asyncrt.SpawnBlocking and await the JoinHandle"
)

func (c *checker) reportOp(fn *ssa.Function, instr ssa.Instruction, op *mayblock.Op, pos token.Pos) {
	file := c.file(pos)
	if file == nil {
		return
	}
	node := c.node(file, pos)
	co, coOK := c.coName(fn, pos)
	var msg string
	var opts []report.Option
	switch {
	case c.actx.InPoll(fn):
		msg = fmt.Sprintf("%s %s; %s", op.Name, why, pollAdvice)
	case op.Class == mayblock.Sleep && op.ID == "time.Sleep":
		msg = fmt.Sprintf("%s %s; use asyncrt.Await(%s, asyncrt.Sleep(d))", op.Name, why, coOr(co, coOK))
		if call, ok := instr.(*ssa.Call); ok && coOK {
			if fix, ok := c.sleepFix(file, node, call, co); ok {
				opts = append(opts, report.Fixes(fix))
			}
		}
	default:
		msg = fmt.Sprintf("%s %s; %s", op.Name, why, op.Advice)
	}
	c.report(node, pos, msg, opts...)
}

func (c *checker) reportCall(fn *ssa.Function, pos token.Pos, ev *mayblock.Evidence) {
	file := c.file(pos)
	if file == nil || len(ev.Chain) == 0 {
		return
	}
	node := c.node(file, pos)
	advice := callAdvice
	if c.actx.InPoll(fn) {
		advice = pollAdvice
	}
	msg := fmt.Sprintf("%s may block an executor worker (%s): every other task on it waits; %s", ev.Chain[0], ev, advice)
	var opts []report.Option
	if p := ev.Pos(); p.IsValid() && c.file(p) != nil {
		last := ev.Chain[len(ev.Chain)-1]
		opts = append(opts, report.Related(ssapos.Pos(p), fmt.Sprintf("%s blocks here; %s", last, ev.Advice())))
	}
	c.report(node, pos, msg, opts...)
}

func (c *checker) report(node ast.Node, pos token.Pos, msg string, opts ...report.Option) {
	opts = append(opts, report.FilterGenerated())
	if node != nil {
		report.Report(c.pass, node, msg, opts...)
		return
	}
	report.Report(c.pass, ssapos.Pos(pos), msg, opts...)
}

func coOr(co string, ok bool) string {
	if ok {
		return co
	}
	return "co"
}

// coName returns the name under which fn's *asyncrt.Co can be written at
// pos, if it can: the name must resolve there to a *asyncrt.Co variable
// (not shadowed, not blank).
func (c *checker) coName(fn *ssa.Function, pos token.Pos) (string, bool) {
	co := c.actx.Co(fn)
	if co == nil {
		return "", false
	}
	name := co.Name()
	if name == "" || name == "_" || c.pass.Pkg == nil {
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

// file returns the syntax file of the package containing pos, or nil:
// reports outside the package's files are dropped (report.Report needs
// the file).
func (c *checker) file(pos token.Pos) *ast.File {
	if !pos.IsValid() {
		return nil
	}
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// node finds the syntax to report for the operation at pos: the call
// expression (SSA positions calls at the Lparen, deferred calls at
// "defer"), the receive expression, the send statement, the select
// statement or the range statement.
func (c *checker) node(file *ast.File, pos token.Pos) ast.Node {
	idx := c.syntax[file]
	if idx == nil {
		idx = make(map[token.Pos]ast.Node)
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				idx[n.Lparen] = n
			case *ast.DeferStmt:
				idx[n.Defer] = n.Call
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					idx[n.OpPos] = n
				}
			case *ast.SendStmt:
				idx[n.Arrow] = n
			case *ast.SelectStmt:
				idx[n.Select] = n
			case *ast.RangeStmt:
				idx[n.For] = n
				if n.TokPos.IsValid() {
					idx[n.TokPos] = n
				}
			}
			return true
		})
		c.syntax[file] = idx
	}
	n := idx[pos]
	switch n := n.(type) {
	case *ast.SelectStmt:
		return selectKeyword(n)
	case *ast.RangeStmt:
		return rangeHeader{n}
	}
	return n
}

// selectKeyword reports a select statement at its keyword, not its body.
func selectKeyword(s *ast.SelectStmt) ast.Node {
	return span{s.Select, s.Select + token.Pos(len("select"))}
}

// rangeHeader reports a range statement at "for … range x".
type rangeHeader struct{ *ast.RangeStmt }

func (r rangeHeader) End() token.Pos { return r.X.End() }

type span struct{ pos, end token.Pos }

func (s span) Pos() token.Pos { return s.pos }
func (s span) End() token.Pos { return s.end }
