package coescape

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/awaitpoints"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "coescape",
	Run:  run,
	Requires: []*analysis.Analyzer{
		inspect.Analyzer,
		buildssa.Analyzer,
		awaitpoints.Analyzer,
		generated.Analyzer,
		tokenfile.Analyzer, // report.Report looks files up through it
	},
}, doc)

// Analyzer reports a *asyncrt.Co used outside its own coroutine.
var Analyzer = Check.Analyzer

// The check is written against the syntax tree, not SSA. Its question is
// lexical: is this mention of a *Co variable inside a go statement, a
// SpawnBlocking literal or another coroutine's body that the variable's own
// function encloses, or on the right-hand side of a store into something
// that outlives it? The syntax answers that directly, and it is also where
// the report and the fix go. Aliases are covered because every variable of
// type *asyncrt.Co is tracked (c := co makes c one), each against its own
// declaring function. SSA is consulted for one thing: whether a call in a
// SpawnBlocking literal is an await point (awaitpoints), because those uses
// are the awaitinblocking check's to report.
func run(pass *analysis.Pass) (any, error) {
	if !asyncapi.SeesAsyncrt(pass.Pkg) || asyncapi.IsRuntimePackage(pass.Pkg) {
		// No *asyncrt.Co can appear; or this is the runtime, which
		// implements coroutines out of the stores this check reports.
		return nil, nil
	}
	ins, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if ins == nil {
		return nil, nil
	}
	c := &checker{pass: pass, captures: make(map[captureKey]*capture)}
	c.awaits, _ = pass.ResultOf[awaitpoints.Analyzer].(*awaitpoints.Result)
	if s, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA); ok {
		c.ssa = s
	}
	ins.WithStack([]ast.Node{(*ast.Ident)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push {
			c.ident(n.(*ast.Ident), stack)
		}
		return true
	})
	c.reportCaptures()
	return nil, nil
}

type checker struct {
	pass   *analysis.Pass
	awaits *awaitpoints.Result
	ssa    *buildssa.SSA
	// calls indexes the package's SSA calls by position (the Lparen of
	// their call expression), built on first use.
	calls map[token.Pos]ssa.CallInstruction
	// captures groups the mentions of one variable inside one boundary,
	// reported once, in source order of first mention.
	captures map[captureKey]*capture
	order    []*capture
}

// A boundary is where code stops running as part of the coroutine that
// owns a *Co: the places its mentions beyond are reported.
type boundaryKind int

const (
	boundaryNone     boundaryKind = iota
	boundaryGo                    // a go statement
	boundaryGoAPI                 // a literal passed to a function that runs it on a new goroutine
	boundaryBlocking              // a literal passed to asyncrt.SpawnBlocking
	boundaryAsync                 // the body of another coroutine (a literal passed to asyncrt.Async)
	boundaryEscapes               // a literal returned, stored or sent: it may run later
)

type captureKey struct {
	v        *types.Var
	boundary ast.Node
}

type capture struct {
	v        *types.Var
	kind     boundaryKind
	boundary ast.Node     // the go statement, or the function literal
	via      string       // for boundaryGoAPI and boundaryEscapes: how
	uses     []*ast.Ident // mentions to report (not await points in SpawnBlocking literals)
}

// ident looks at one mention of an identifier.
func (c *checker) ident(id *ast.Ident, stack []ast.Node) {
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Kind() == types.PackageVar || !asyncapi.IsCo(v.Type()) {
		return
	}
	if isAssigned(id, stack) || !c.tracked(v, stack) {
		return
	}
	kind, boundary, via := c.boundary(v, id, stack)
	if kind == boundaryNone {
		c.checkStore(v, id, stack)
		return
	}
	key := captureKey{v, boundary}
	cp := c.captures[key]
	if cp == nil {
		cp = &capture{v: v, kind: kind, boundary: boundary, via: via}
		c.captures[key] = cp
		c.order = append(c.order, cp)
	}
	if kind == boundaryBlocking && c.isAwaitArg(id, stack) {
		return // an await point on the blocking pool: awaitinblocking's finding
	}
	cp.uses = append(cp.uses, id)
}

// isAssigned reports whether the mention is the target of an assignment
// (kept = co mentions kept without reading it).
func isAssigned(id *ast.Ident, stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	if as, ok := stack[len(stack)-2].(*ast.AssignStmt); ok {
		for _, l := range as.Lhs {
			if ast.Unparen(l) == id {
				return true
			}
		}
	}
	return false
}

// tracked reports whether v holds the *Co of the function declaring it: a
// parameter, or a local of a function that has a *Co parameter (an alias).
// A local *Co of any other function holds one that has already escaped,
// and the escape is reported where it happened.
func (c *checker) tracked(v *types.Var, stack []ast.Node) bool {
	if v.Kind() == types.ParamVar {
		return true
	}
	for i := len(stack) - 1; i >= 0; i-- {
		var ft *ast.FuncType
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			if !(n.Pos() <= v.Pos() && v.Pos() < n.End()) {
				continue
			}
			ft = n.Type
		case *ast.FuncDecl:
			ft = n.Type
		default:
			continue
		}
		if ft.Params == nil {
			return false
		}
		for _, f := range ft.Params.List {
			if t := c.pass.TypesInfo.TypeOf(f.Type); t != nil && asyncapi.IsCo(t) {
				return true
			}
		}
		return false
	}
	return false
}

// boundary walks from the mention outwards to the function declaring v and
// returns the innermost boundary crossed, if any. Literals that are called
// on the spot, deferred, or handed to an unknown function (assumed to call
// them synchronously, as sort.Slice does) are not boundaries.
func (c *checker) boundary(v *types.Var, id *ast.Ident, stack []ast.Node) (boundaryKind, ast.Node, string) {
	home := declPos(v, stack)
	// stack[len-1] is id itself.
	for i := len(stack) - 2; i >= 0; i-- {
		n := stack[i]
		switch n := n.(type) {
		case *ast.FuncDecl:
			return boundaryNone, nil, "" // the declaring function (v is local)
		case *ast.FuncLit:
			if n.Pos() <= v.Pos() && v.Pos() < n.End() {
				return boundaryNone, nil, "" // the declaring function
			}
			if i == 0 {
				continue
			}
			if kind, via := c.literalUse(n, stack[i-1], stack[:i-1], home); kind != boundaryNone {
				return kind, n, via
			}
		case *ast.GoStmt:
			// The go statement evaluates its function value and arguments
			// here; what crosses to the new goroutine is the literal's
			// body and the argument values themselves.
			if goCarries(n, stack[i+1:]) {
				return boundaryGo, n, ""
			}
		}
	}
	return boundaryNone, nil, ""
}

// goCarries reports whether the path from a go statement down to a
// mention (path[0] is the go statement's call, path[len-1] the identifier)
// hands the mentioned value to the new goroutine: it is the go'd literal's
// body, or an argument (or receiver) as a whole.
func goCarries(g *ast.GoStmt, path []ast.Node) bool {
	if len(path) < 2 || path[0] != g.Call {
		return false
	}
	next := path[1]
	if _, ok := next.(*ast.FuncLit); ok && next == g.Call.Fun {
		return true
	}
	id := path[len(path)-1]
	for _, arg := range g.Call.Args {
		arg = ast.Unparen(arg)
		if arg == id {
			return true
		}
		if _, ok := arg.(*ast.FuncLit); ok && containsNode(path, arg) {
			return true // a literal handed to the go'd function runs there
		}
	}
	if sel, ok := ast.Unparen(g.Call.Fun).(*ast.SelectorExpr); ok && ast.Unparen(sel.X) == id {
		return true // go co.method(): the receiver goes along
	}
	return false
}

func containsNode(path []ast.Node, n ast.Node) bool {
	for _, p := range path {
		if p == n {
			return true
		}
	}
	return false
}

// goroutineAPIs run a function argument on a goroutine of their own, by
// FullName, with the index of that argument.
var goroutineAPIs = map[string]int{
	"time.AfterFunc":                                   1,
	"context.AfterFunc":                                1,
	"(*sync.WaitGroup).Go":                             0,
	"(*golang.org/x/sync/errgroup.Group).Go":           0,
	"(*golang.org/x/sync/errgroup.Group).TryGo":        0,
	"(*github.com/sourcegraph/conc.WaitGroup).Go":      0,
	"(*github.com/sourcegraph/conc/pool.Pool).Go":      0,
	"(*github.com/sourcegraph/conc/pool.ErrorPool).Go": 0,
}

// literalUse classifies what happens to a function literal given its
// parent node (and the ancestors above it); home is the position of the
// function declaring the captured variable.
func (c *checker) literalUse(lit *ast.FuncLit, parent ast.Node, above []ast.Node, home token.Pos) (boundaryKind, string) {
	switch p := parent.(type) {
	case *ast.CallExpr:
		if ast.Unparen(p.Fun) == lit {
			return boundaryNone, "" // called on the spot
		}
		argIdx := -1
		for i, arg := range p.Args {
			if ast.Unparen(arg) == lit {
				argIdx = i
			}
		}
		if argIdx < 0 {
			return boundaryNone, ""
		}
		fn, _ := typeutil.Callee(c.pass.TypesInfo, p).(*types.Func)
		if fn == nil {
			return boundaryNone, ""
		}
		switch {
		case asyncapi.IsFunc(fn, "SpawnBlocking"):
			return boundaryBlocking, ""
		case asyncapi.IsFunc(fn, "Async"):
			return boundaryAsync, ""
		}
		if i, ok := goroutineAPIs[fn.Origin().FullName()]; ok && i == argIdx {
			return boundaryGoAPI, displayName(fn)
		}
		return boundaryNone, "" // assumed to run it synchronously
	case *ast.ParenExpr:
		if len(above) > 0 {
			return c.literalUse(lit, above[len(above)-1], above[:len(above)-1], home)
		}
	case *ast.ReturnStmt:
		return boundaryEscapes, "returned"
	case *ast.SendStmt:
		if p.Value == lit {
			return boundaryEscapes, "sent on a channel"
		}
	case *ast.KeyValueExpr, *ast.CompositeLit:
		return boundaryEscapes, "stored in a composite literal"
	case *ast.AssignStmt:
		if p.Tok != token.ASSIGN || len(p.Lhs) != len(p.Rhs) {
			return boundaryNone, "" // := declares locals
		}
		for i, rhs := range p.Rhs {
			if ast.Unparen(rhs) == lit {
				if where := c.storeTarget(p.Lhs[i], home); where != "" {
					return boundaryEscapes, where
				}
			}
		}
	}
	return boundaryNone, ""
}

// isAwaitArg reports whether the mention is an argument of a call that is
// an await point (asyncrt.Await(co, f), h.Join(co), an async helper).
func (c *checker) isAwaitArg(id *ast.Ident, stack []ast.Node) bool {
	i := len(stack) - 2
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 0 {
		return false
	}
	call, ok := stack[i].(*ast.CallExpr)
	if !ok || c.awaits == nil || c.ssa == nil {
		return false
	}
	isArg := false
	for _, a := range call.Args {
		if ast.Unparen(a) == id {
			isArg = true
		}
	}
	if !isArg {
		return false
	}
	if c.calls == nil {
		c.calls = make(map[token.Pos]ssa.CallInstruction)
		for _, fn := range c.ssa.SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if ci, ok := instr.(*ssa.Call); ok && ci.Pos().IsValid() {
						c.calls[ci.Pos()] = ci
					}
				}
			}
		}
	}
	ci := c.calls[call.Lparen]
	return ci != nil && c.awaits.IsAwait(ci)
}

// checkStore reports a mention of v that stores it where it outlives the
// coroutine: a field, a package variable, a variable of an enclosing
// function, a slice or map element, a composite literal, a channel, or a
// result.
func (c *checker) checkStore(v *types.Var, id *ast.Ident, stack []ast.Node) {
	i := len(stack) - 2
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 0 {
		return
	}
	var where string
	switch p := stack[i].(type) {
	case *ast.AssignStmt:
		if p.Tok != token.ASSIGN || len(p.Lhs) != len(p.Rhs) {
			return
		}
		for k, rhs := range p.Rhs {
			if ast.Unparen(rhs) == id {
				where = c.storeTarget(p.Lhs[k], declPos(v, stack))
			}
		}
	case *ast.KeyValueExpr:
		if p.Value == id && i > 0 {
			if cl, ok := stack[i-1].(*ast.CompositeLit); ok {
				where = compositeWhere(c.pass.TypesInfo.TypeOf(cl))
			}
		}
	case *ast.CompositeLit:
		where = compositeWhere(c.pass.TypesInfo.TypeOf(p))
	case *ast.SendStmt:
		if ast.Unparen(p.Value) == id {
			where = "sent on a channel"
		}
	case *ast.ReturnStmt:
		where = "returned"
	case *ast.CallExpr:
		if b, ok := c.pass.TypesInfo.Uses[calleeIdent(p.Fun)].(*types.Builtin); ok && b.Name() == "append" && len(p.Args) > 0 && ast.Unparen(p.Args[0]) != id {
			where = "appended to a slice"
		}
	}
	if where == "" {
		return
	}
	msg := fmt.Sprintf("%s is %s, where it outlives its async function: a *asyncrt.Co is valid only inside its own coroutine while it runs (used later, or from another task, Await panics); pass the co as a parameter to the code that needs it instead", id.Name, where)
	report.Report(c.pass, id, msg, report.FilterGenerated())
}

// declPos returns the position of the function declaring v (the innermost
// function on the stack whose extent holds v's declaration).
func declPos(v *types.Var, stack []ast.Node) token.Pos {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			if n.Pos() <= v.Pos() && v.Pos() < n.End() {
				return n.Pos()
			}
		case *ast.FuncDecl:
			return n.Pos()
		}
	}
	return token.NoPos
}

// storeTarget describes where an assignment to lhs stores a value written
// in the function that starts at fnPos, or "" when lhs is a local variable
// of that function (an alias, tracked on its own).
func (c *checker) storeTarget(lhs ast.Expr, fnPos token.Pos) string {
	switch l := ast.Unparen(lhs).(type) {
	case *ast.SelectorExpr:
		if sel, ok := c.pass.TypesInfo.Selections[l]; ok {
			if sel.Kind() == types.FieldVal {
				return "stored in the field " + l.Sel.Name
			}
			return ""
		}
		if v, ok := c.pass.TypesInfo.Uses[l.Sel].(*types.Var); ok && v.Kind() == types.PackageVar {
			return "stored in the package variable " + types.ExprString(l)
		}
	case *ast.IndexExpr:
		switch types.Unalias(c.pass.TypesInfo.TypeOf(l.X)).Underlying().(type) {
		case *types.Map:
			return "stored in a map"
		}
		return "stored in a slice or array element"
	case *ast.StarExpr:
		return "stored through a pointer"
	case *ast.Ident:
		v, ok := c.pass.TypesInfo.Uses[l].(*types.Var)
		if !ok {
			return ""
		}
		if v.Kind() == types.PackageVar {
			return "stored in the package variable " + l.Name
		}
		if fnPos.IsValid() && v.Pos() < fnPos {
			return "stored in " + l.Name + ", a variable of an enclosing function"
		}
	}
	return ""
}

func compositeWhere(t types.Type) string {
	if t == nil {
		return ""
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	switch types.Unalias(t).Underlying().(type) {
	case *types.Struct:
		return "stored in a struct field"
	case *types.Map:
		return "stored in a map"
	case *types.Slice, *types.Array:
		return "stored in a slice or array"
	}
	return ""
}

func calleeIdent(fun ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(fun).(*ast.Ident)
	return id
}

// reportCaptures reports each variable captured across a boundary once, at
// its first mention there, with the boundary as related information.
func (c *checker) reportCaptures() {
	for _, cp := range c.order {
		if len(cp.uses) == 0 {
			continue // only awaits in a SpawnBlocking literal: awaitinblocking's
		}
		first := cp.uses[0]
		name := first.Name
		var msg, related string
		var opts []report.Option
		switch cp.kind {
		case boundaryGo:
			msg = fmt.Sprintf("%s is used on another goroutine (the go statement at line %d): a *asyncrt.Co is valid only inside its own coroutine while it runs, so Await there panics or races with the coroutine; spawn an asyncrt task with asyncrt.Spawn instead, or give the goroutine the values it needs, not the co",
				name, c.line(cp.boundary.Pos()))
			related = "the goroutine starts here"
		case boundaryGoAPI:
			msg = fmt.Sprintf("%s is used in a function that %s runs on another goroutine: a *asyncrt.Co is valid only inside its own coroutine while it runs, so Await there panics or races with the coroutine; spawn an asyncrt task with asyncrt.Spawn instead",
				name, cp.via)
			related = "the function passed to " + cp.via
		case boundaryBlocking:
			msg = fmt.Sprintf("%s is used in a function run by asyncrt.SpawnBlocking, on the blocking pool, outside its coroutine (which is suspended in Join or running elsewhere meanwhile): spawning or awaiting with it there panics or races; do that in the async function, before SpawnBlocking or after Join returns",
				name)
			related = "the blocking function"
		case boundaryAsync:
			lit := cp.boundary.(*ast.FuncLit)
			own := ownCo(c.pass.TypesInfo, lit)
			if own != nil && own.Name() != "_" && own.Name() != "" {
				msg = fmt.Sprintf("%s belongs to the enclosing async function, not to this asyncrt.Async body, which runs as a coroutine of its own: awaiting with it here panics (\"the *Co of another coroutine\"); use this body's %s", name, own.Name())
				if fix, ok := c.renameFix(cp, own); ok {
					opts = append(opts, report.Fixes(fix))
				}
			} else {
				msg = fmt.Sprintf("%s belongs to the enclosing async function, not to this asyncrt.Async body, which runs as a coroutine of its own: awaiting with it here panics (\"the *Co of another coroutine\"); name this body's *asyncrt.Co parameter and use it", name)
			}
			related = "the asyncrt.Async body"
		case boundaryEscapes:
			msg = fmt.Sprintf("%s is captured by a function literal that is %s, so it may run after its async function returned or on another task, when the *Co is invalid (Await then panics); make the literal take the *asyncrt.Co as a parameter",
				name, cp.via)
			related = "the function literal"
		}
		opts = append(opts, report.FilterGenerated(), report.Related(span{cp.boundary.Pos(), cp.boundary.Pos() + token.Pos(len(keyword(cp.boundary)))}, related))
		report.Report(c.pass, first, msg, opts...)
	}
}

// ownCo returns the *asyncrt.Co parameter of a function literal, or nil.
func ownCo(info *types.Info, lit *ast.FuncLit) *types.Var {
	for _, field := range lit.Type.Params.List {
		for _, n := range field.Names {
			if v, ok := info.Defs[n].(*types.Var); ok && asyncapi.IsCo(v.Type()) {
				return v
			}
		}
	}
	return nil
}

// renameFix replaces every mention of the outer co in an Async body by the
// body's own co, when that name means the body's parameter at each place.
func (c *checker) renameFix(cp *capture, own *types.Var) (analysis.SuggestedFix, bool) {
	var edits []analysis.TextEdit
	for _, id := range cp.uses {
		if !c.resolvesTo(own.Name(), id.Pos(), own) {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, analysis.TextEdit{Pos: id.Pos(), End: id.End(), NewText: []byte(own.Name())})
	}
	return analysis.SuggestedFix{Message: "Use the body's own " + own.Name(), TextEdits: edits}, len(edits) > 0
}

func (c *checker) resolvesTo(name string, pos token.Pos, want *types.Var) bool {
	if c.pass.Pkg == nil {
		return false
	}
	scope := c.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	_, obj := scope.LookupParent(name, pos)
	return obj == want
}

func (c *checker) line(p token.Pos) int { return c.pass.Fset.Position(p).Line }

// keyword is the text the related position spans: "go" or "func".
func keyword(n ast.Node) string {
	if _, ok := n.(*ast.GoStmt); ok {
		return "go"
	}
	return "func"
}

type span struct{ pos, end token.Pos }

func (s span) Pos() token.Pos { return s.pos }
func (s span) End() token.Pos { return s.end }

func displayName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		return "(" + types.TypeString(sig.Recv().Type(), func(p *types.Package) string { return p.Name() }) + ")." + fn.Name()
	}
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}
