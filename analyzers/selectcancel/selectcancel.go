package selectcancel

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/passes/asyncapi"
)

// CancelSafe is the object fact of a function, method or type declared
// //asynclint:cancelsafe: the futures it returns (or, for a type, its
// values) lose nothing when dropped before they complete.
type CancelSafe struct{}

func (*CancelSafe) AFact() {}

func (*CancelSafe) String() string { return "cancelSafe" }

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "selectcancel",
	Run:  run,
	Requires: []*analysis.Analyzer{
		inspect.Analyzer,
		generated.Analyzer,
		tokenfile.Analyzer, // report.Report looks files up through it
	},
	FactTypes: []analysis.Fact{new(CancelSafe)},
}, doc)

// Analyzer reports futures that are not cancel-safe, made anew in each
// iteration of a loop around asyncrt.Select or asyncrt.Race.
var Analyzer = Check.Analyzer

// directive marks a function, method or type as cancel-safe.
const directive = "//asynclint:cancelsafe"

// The check is written against the syntax tree: "made anew in each
// iteration" is a lexical question (is the call that creates the future
// inside the loop body, or a variable declared there), the cases of a
// Select are syntax (asyncrt.Case(f, then) arguments), and the report and
// its explanation are about those expressions. Types resolve the callees.
func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:     pass,
		defs:     make(map[*types.Var]ast.Expr),
		declared: make(map[types.Object]bool),
		decls:    make(map[*types.Func]*ast.FuncDecl),
		inferred: make(map[*types.Func]inference),
	}
	if !asyncapi.SeesAsyncrt(pass.Pkg) || asyncapi.IsRuntimePackage(pass.Pkg) {
		// No futures here (or the runtime itself, whose operations the
		// knowledge base describes).
		return nil, nil
	}
	c.collectDirectives()
	c.exportFacts()
	ins, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if ins == nil {
		return nil, nil
	}
	c.collectDefs(ins)
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push {
			c.call(n.(*ast.CallExpr), stack)
		}
		return true
	})
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	// defs maps local variables declared with a single value to it, so a
	// future held in a variable declared in the loop is traced to its
	// creation.
	defs map[*types.Var]ast.Expr
	// declared holds the package's functions, methods and types declared
	// //asynclint:cancelsafe (facts are exported for the exported ones).
	declared map[types.Object]bool
	// decls and inferred: the package's function declarations, and which
	// of them are known to return cancel-safe futures (see inferSafe).
	decls    map[*types.Func]*ast.FuncDecl
	inferred map[*types.Func]inference
}

type inference uint8

const (
	unknownYet inference = iota
	inProgress
	inferredSafe
	inferredUnsafe
)

// collectDirectives records the package's functions, methods and types
// declared //asynclint:cancelsafe, and indexes its function declarations.
func (c *checker) collectDirectives() {
	for _, f := range c.pass.Files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				obj, ok := c.pass.TypesInfo.Defs[d.Name].(*types.Func)
				if !ok {
					continue
				}
				c.decls[obj] = d
				if hasDirective(d.Doc) {
					c.declared[obj] = true
				}
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, spec := range d.Specs {
					ts := spec.(*ast.TypeSpec)
					if hasDirective(ts.Doc) || len(d.Specs) == 1 && hasDirective(d.Doc) {
						if obj, ok := c.pass.TypesInfo.Defs[ts.Name].(*types.TypeName); ok {
							c.declared[obj] = true
						}
					}
				}
			}
		}
	}
}

// exportFacts exports CancelSafe for the exported functions, methods and
// types declared cancel-safe or inferred to be: only those can be used by
// other packages.
func (c *checker) exportFacts() {
	for obj := range c.declared {
		if obj.Exported() {
			c.pass.ExportObjectFact(obj, new(CancelSafe))
		}
	}
	for fn := range c.decls {
		if fn.Exported() && !c.declared[fn] && c.inferSafe(fn) {
			c.pass.ExportObjectFact(fn, new(CancelSafe))
		}
	}
}

// inferSafe reports whether the package's function fn returns only
// cancel-safe futures made from cancel-safe parts: every return statement
// of its body (not of literals in it) returns one expression that is
// cancel-safe by the knowledge base, the directives and, recursively, this
// inference (func fallback() Future[T] { return asyncrt.Map(asyncrt.Sleep(d), f) }).
// Recursion counts as unsafe.
func (c *checker) inferSafe(fn *types.Func) bool {
	switch c.inferred[fn] {
	case inferredSafe:
		return true
	case inferredUnsafe, inProgress:
		return false
	}
	decl := c.decls[fn]
	if decl == nil || decl.Body == nil {
		return false
	}
	if res := fn.Type().(*types.Signature).Results(); res.Len() != 1 || !isFuture(res.At(0).Type()) {
		c.inferred[fn] = inferredUnsafe
		return false
	}
	c.inferred[fn] = inProgress
	ok, returns := true, 0
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			returns++
			if len(n.Results) != 1 || !c.safeExpr(n.Results[0], 0) {
				ok = false
			}
		}
		return true
	})
	ok = ok && returns > 0
	if ok {
		c.inferred[fn] = inferredSafe
	} else {
		c.inferred[fn] = inferredUnsafe
	}
	return ok
}

// safeExpr reports whether e is known to make a cancel-safe future,
// wherever it is evaluated.
func (c *checker) safeExpr(e ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if e, ok := lookup(fn); ok {
		switch e.safety {
		case safe:
			return true
		case conditional:
			for _, k := range c.children(fn, call) {
				if !c.safeExpr(k, depth+1) {
					return false
				}
			}
			return true
		}
		return false
	}
	return c.funcSafe(fn)
}

// funcSafe reports whether fn is declared or inferred cancel-safe, in this
// package or (through facts) another.
func (c *checker) funcSafe(fn *types.Func) bool {
	if fn.Pkg() == c.pass.Pkg {
		return c.declared[fn] || c.inferSafe(fn)
	}
	return c.pass.ImportObjectFact(fn, new(CancelSafe))
}

func hasDirective(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, cm := range doc.List {
		if cm.Text == directive || strings.HasPrefix(cm.Text, directive+" ") {
			return true
		}
	}
	return false
}

func (c *checker) collectDefs(ins *inspector.Inspector) {
	ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE || len(n.Lhs) != len(n.Rhs) {
				return
			}
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					if v, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok {
						c.defs[v] = n.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return
			}
			for i, id := range n.Names {
				if v, ok := c.pass.TypesInfo.Defs[id].(*types.Var); ok {
					c.defs[v] = n.Values[i]
				}
			}
		}
	})
}

// call looks at one call: a Select, SelectBiased or Race inside a loop.
func (c *checker) call(call *ast.CallExpr, stack []ast.Node) {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !asyncapi.IsFunc(fn, "Select", "SelectBiased", "Race") {
		return
	}
	loop := enclosingLoop(stack)
	if loop == nil || c.nested(stack, loop) {
		return
	}
	for _, fe := range c.futures(fn, call) {
		culprit, why := c.unsafeCreated(fe, loop, 0)
		if culprit == nil || c.varies(culprit, loop) {
			continue
		}
		c.report(fn, call, loop, culprit, why)
	}
}

// nested reports whether the call at the top of the stack is itself a
// future of an enclosing Select or Race (through Case, Timeout, ...) in the
// same loop: the outer one looks through it and reports once.
func (c *checker) nested(stack []ast.Node, loop ast.Node) bool {
	for i := len(stack) - 2; i >= 0 && stack[i] != loop; i-- {
		if outer, ok := stack[i].(*ast.CallExpr); ok {
			fn, _ := typeutil.Callee(c.pass.TypesInfo, outer).(*types.Func)
			if asyncapi.IsFunc(fn, "Select", "SelectBiased", "Race") {
				return true
			}
		}
	}
	return false
}

// varies reports whether the expression making the future mentions a
// variable that changes from one iteration to the next: one declared in the
// loop (its range variables, its init, its body), outside the expression
// itself. fetch(u) over the urls of a range loop is a different operation
// each time, and losing one to the other branch is what a race or a
// timeout is for; readMessage(rx) is the same operation re-made, and what
// the dropped one had done is lost.
func (c *checker) varies(e ast.Expr, loop ast.Node) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || v.IsField() {
			return true
		}
		inLoop := loop.Pos() <= v.Pos() && v.Pos() < loop.End()
		inExpr := e.Pos() <= v.Pos() && v.Pos() < e.End()
		if inLoop && !inExpr {
			found = true
		}
		return true
	})
	return found
}

// futures returns the future expressions a Select (the first argument of
// each asyncrt.Case) or a Race (each argument) waits for. Cases and slices
// built elsewhere are not looked into.
func (c *checker) futures(fn *types.Func, call *ast.CallExpr) []ast.Expr {
	if call.Ellipsis.IsValid() {
		return nil // Race(fs...): the futures are made elsewhere
	}
	if fn.Name() == "Race" {
		return call.Args
	}
	var out []ast.Expr
	for _, arg := range call.Args {
		cs, ok := ast.Unparen(arg).(*ast.CallExpr)
		if !ok || len(cs.Args) == 0 {
			continue
		}
		if f, _ := typeutil.Callee(c.pass.TypesInfo, cs).(*types.Func); asyncapi.IsFunc(f, "Case") {
			out = append(out, cs.Args[0])
		}
	}
	return out
}

// enclosingLoop returns the innermost for or range statement of the same
// function whose every iteration evaluates the node at the top of the
// stack (its body, a for's condition or post statement; not a for's init or
// the range expression, evaluated once), or nil.
func enclosingLoop(stack []ast.Node) ast.Node {
	for i := len(stack) - 2; i >= 0; i-- {
		child := stack[i+1]
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case *ast.ForStmt:
			if child != n.Init {
				return n
			}
		case *ast.RangeStmt:
			if child == n.Body {
				return n
			}
		}
	}
	return nil
}

func loopBody(loop ast.Node) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// unsafeCreated returns the expression, within e, that makes a future that
// is not cancel-safe in each iteration of loop — e itself, or for a
// combinator that is as safe as its children, the offending child — with
// what a drop loses when the knowledge base says. Nil when e is
// cancel-safe, or kept across iterations.
func (c *checker) unsafeCreated(e ast.Expr, loop ast.Node, depth int) (ast.Expr, string) {
	if depth > 8 {
		return nil, ""
	}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		v, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
		body := loopBody(loop)
		if !ok || body == nil || !(body.Pos() <= v.Pos() && v.Pos() < body.End()) {
			// Made before the loop, or in a for statement's init: kept
			// across iterations.
			return nil, ""
		}
		if def, ok := c.defs[v]; ok {
			return c.unsafeCreated(def, loop, depth+1)
		}
		return nil, ""
	case *ast.CallExpr:
		if tv, ok := c.pass.TypesInfo.Types[x.Fun]; ok && tv.IsType() {
			if len(x.Args) == 1 {
				return c.unsafeCreated(x.Args[0], loop, depth+1) // a conversion
			}
			return nil, ""
		}
		fn, _ := typeutil.Callee(c.pass.TypesInfo, x).(*types.Func)
		if fn != nil {
			fn = fn.Origin()
			if e, ok := lookup(fn); ok {
				switch e.safety {
				case safe:
					return nil, ""
				case unsafe:
					return x, e.why
				case conditional:
					return c.unsafeChild(fn, x, loop, depth)
				}
			}
			if c.funcSafe(fn) {
				return nil, ""
			}
		}
		if c.safeType(c.pass.TypesInfo.TypeOf(x)) {
			return nil, ""
		}
		if !isFuture(c.pass.TypesInfo.TypeOf(x)) {
			return nil, ""
		}
		return x, ""
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if cl, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok {
				if c.safeType(c.pass.TypesInfo.TypeOf(cl)) || !isFuture(c.pass.TypesInfo.TypeOf(x)) {
					return nil, ""
				}
				return x, ""
			}
		}
	case *ast.CompositeLit:
		if c.safeType(c.pass.TypesInfo.TypeOf(x)) || !isFuture(c.pass.TypesInfo.TypeOf(x)) {
			return nil, ""
		}
		return x, ""
	}
	return nil, "" // a field, an element, ...: held somewhere, not made here
}

// unsafeChild checks the futures a conditional combinator wraps.
func (c *checker) unsafeChild(fn *types.Func, call *ast.CallExpr, loop ast.Node, depth int) (ast.Expr, string) {
	for _, k := range c.children(fn, call) {
		if culprit, why := c.unsafeCreated(k, loop, depth+1); culprit != nil {
			return culprit, why
		}
	}
	return nil, ""
}

// children returns the futures a conditional combinator wraps: Timeout's
// and WithCancel's second argument, Map's first, every future of a Race
// and of a Select's cases.
func (c *checker) children(fn *types.Func, call *ast.CallExpr) []ast.Expr {
	switch fn.Name() {
	case "Timeout", "WithCancel":
		if len(call.Args) == 2 {
			return call.Args[1:]
		}
	case "Map":
		if len(call.Args) >= 1 {
			return call.Args[:1]
		}
	case "Race", "Select", "SelectBiased":
		return c.futures(fn, call)
	}
	return nil
}

// safeType reports whether t (or what it points to) is a named type
// declared //asynclint:cancelsafe.
func (c *checker) safeType(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	if obj.Pkg() == c.pass.Pkg {
		return c.declared[obj]
	}
	return c.pass.ImportObjectFact(obj, new(CancelSafe))
}

func isFuture(t types.Type) bool {
	_, ok := asyncapi.FutureResult(t)
	return ok
}

func (c *checker) report(sel *types.Func, call *ast.CallExpr, loop ast.Node, culprit ast.Expr, why string) {
	what := describe(culprit)
	if why != "" {
		why = " (" + why + ")"
	}
	kind := "loop"
	if _, ok := loop.(*ast.RangeStmt); ok {
		kind = "range loop"
	}
	msg := fmt.Sprintf("%s is not cancel-safe%s and is made anew in each iteration of this %s: when another branch of the asyncrt.%s wins, it is dropped and what it had done is lost; start it once before the loop as a task (asyncrt.Spawn) and wait for its JoinHandle, which a lost %s leaves running, spawning the next one only after it completed; or declare its function %s if dropping it loses nothing",
		what, why, kind, sel.Name(), sel.Name(), directive)
	report.Report(c.pass, culprit, msg,
		report.FilterGenerated(),
		report.Related(call, "the "+sel.Name()+" that drops it when another branch wins"),
		report.Related(keyword{loop.Pos()}, "the loop"))
}

// describe renders the offending expression for the message: whole when
// short, else its callee with the arguments elided.
func describe(e ast.Expr) string {
	what := types.ExprString(e)
	if len(what) <= 40 && !strings.Contains(what, "literal") {
		return what
	}
	if call, ok := e.(*ast.CallExpr); ok {
		return types.ExprString(call.Fun) + "(…)"
	}
	return what
}

// keyword spans the "for" of a loop.
type keyword struct{ pos token.Pos }

func (k keyword) Pos() token.Pos { return k.pos }
func (k keyword) End() token.Pos { return k.pos + token.Pos(len("for")) }
