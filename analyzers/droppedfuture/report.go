package droppedfuture

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/ssapos"
	"github.com/asynclint/asynclint/passes/asyncapi"
)

// syntaxIndex finds the call expression behind an SSA call.
type syntaxIndex struct {
	pass  *analysis.Pass
	in    *inspector.Inspector
	calls map[token.Pos]inspector.Cursor // by Lparen, built on first use
}

func newSyntaxIndex(pass *analysis.Pass, in *inspector.Inspector) *syntaxIndex {
	return &syntaxIndex{pass: pass, in: in}
}

func (x *syntaxIndex) call(lparen token.Pos) (inspector.Cursor, bool) {
	if x.calls == nil {
		x.calls = make(map[token.Pos]inspector.Cursor)
		for c := range x.in.Root().Preorder((*ast.CallExpr)(nil)) {
			x.calls[c.Node().(*ast.CallExpr).Lparen] = c
		}
	}
	c, ok := x.calls[lparen]
	return c, ok && lparen.IsValid()
}

// shape is the statement a dropped call result appears in.
type shape int

const (
	shapeOther shape = iota
	shapeExprStmt
	shapeBlank // assigned to _
	shapeGo
	shapeDefer
)

// context describes where the call at cur puts its result number index
// (-1 for a single result): the statement shape, and the variable it is
// assigned to, if any.
func context(cur inspector.Cursor, index int) (shape, string) {
	child, p := cur, cur.Parent()
	for {
		if _, ok := p.Node().(*ast.ParenExpr); !ok {
			break
		}
		child, p = p, p.Parent()
	}
	var lhs []ast.Expr
	switch n := p.Node().(type) {
	case *ast.ExprStmt:
		return shapeExprStmt, ""
	case *ast.GoStmt:
		return shapeGo, ""
	case *ast.DeferStmt:
		return shapeDefer, ""
	case *ast.AssignStmt:
		if child.ParentEdgeKind() != edge.AssignStmt_Rhs {
			return shapeOther, ""
		}
		lhs = n.Lhs
		if len(n.Lhs) == len(n.Rhs) {
			index = child.ParentEdgeIndex()
		}
	case *ast.ValueSpec:
		if child.ParentEdgeKind() != edge.ValueSpec_Values {
			return shapeOther, ""
		}
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
		if len(n.Names) == len(n.Values) {
			index = child.ParentEdgeIndex()
		}
	default:
		return shapeOther, ""
	}
	if index < 0 || index >= len(lhs) {
		return shapeOther, ""
	}
	if id, ok := lhs[index].(*ast.Ident); ok && id.Name == "_" {
		return shapeBlank, ""
	}
	return shapeOther, types.ExprString(lhs[index])
}

// report reports the dropped future s; d is nil when the result is never
// used at all.
func (c *checker) report(fn *ssa.Function, s source, d *drop) {
	lparen := s.call.Common().Pos()
	cur, ok := c.syntax.call(lparen)
	if !ok {
		return // no syntax to point at (a call the compiler made up)
	}
	call := cur.Node().(*ast.CallExpr)
	sh, name := context(cur, s.index)

	what := fmt.Sprintf("the %s returned by %s", c.typeString(s.typ), calleeText(call))
	if name != "" && d != nil {
		what = name + ", " + what + ","
	}
	handle := s.kind == erringHandle
	var msg string
	var opts []report.Option
	switch {
	case d == nil:
		switch sh {
		case shapeExprStmt:
			msg = what + " is dropped"
		case shapeBlank:
			msg = what + " is assigned to _"
		case shapeGo:
			msg = what + " is discarded by the go statement"
		case shapeDefer:
			msg = what + " is discarded by the defer statement"
		default:
			if name != "" {
				// Assigned to a variable that is assigned again
				// before anything reads it.
				msg = name + ", " + what + ", is overwritten before it is used"
			} else {
				msg = what + " is never used"
			}
		}
	case d.kind == dropAtReturn:
		verb := "is dropped"
		if handle {
			verb = "is not joined"
		}
		if p := d.ret.Pos(); p.IsValid() {
			msg = fmt.Sprintf("%s %s on the path to the return at line %d", what, verb, c.line(p))
			opts = append(opts, report.Related(ssapos.Pos(p), "the function returns here without consuming it"))
		} else {
			msg = fmt.Sprintf("%s %s on a path to the end of the function", what, verb)
			if end := funcEnd(fn); end.IsValid() {
				opts = append(opts, report.Related(ssapos.Pos(end), "the function ends here without consuming it"))
			}
		}
	case d.kind == dropOverwrite:
		if d.pos.IsValid() {
			msg = fmt.Sprintf("%s is overwritten at line %d before it is used", what, c.line(d.pos))
			opts = append(opts, report.Related(ssapos.Pos(d.pos), "overwritten here"))
		} else {
			msg = what + " is overwritten before it is used"
		}
	default: // dropNextRound
		msg = what + " is dropped when the loop goes round again before it is used"
	}
	if handle {
		msg += ", so the task's error is lost: join it or handle the error inside the task"
	} else {
		msg += ": futures do nothing unless awaited, polled or spawned"
	}

	if d == nil && !handle && s.index < 0 && (sh == shapeExprStmt || sh == shapeBlank) {
		if fix, ok := c.awaitFix(cur, call); ok {
			opts = append(opts, report.Fixes(fix))
		}
	}
	opts = append(opts, report.FilterGenerated())
	report.Report(c.pass, call, msg, opts...)
}

func (c *checker) line(p token.Pos) int { return c.pass.Fset.Position(p).Line }

// funcEnd is the closing brace of fn's body, where an implicit return is.
func funcEnd(fn *ssa.Function) token.Pos {
	switch n := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if n.Body != nil {
			return n.Body.Rbrace
		}
	case *ast.FuncLit:
		return n.Body.Rbrace
	}
	return token.NoPos
}

// typeString names t the way the package under analysis refers to it,
// saying "future" when the type's name does not.
func (c *checker) typeString(t types.Type) string {
	s := types.TypeString(t, func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		return p.Name()
	})
	if !fromAsyncrt(t) {
		s = "future " + s
	}
	return s
}

// fromAsyncrt reports whether t (or what it points to) is a type of the
// runtime's, whose name already says what it is.
func fromAsyncrt(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == asyncapi.Path
}

// calleeText names what was called, briefly.
func calleeText(call *ast.CallExpr) string {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.FuncLit:
		return "a function literal"
	case *ast.SelectorExpr:
		if s := types.ExprString(f); len(s) <= 40 {
			return s
		}
		return f.Sel.Name
	}
	if s := types.ExprString(fun); len(s) <= 40 {
		return s
	}
	return "this call"
}

// awaitFix wraps call in asyncrt.Await(co, call) when the innermost
// enclosing function has a *asyncrt.Co parameter visible at the call and
// the file refers to asyncrt by a name visible there.
func (c *checker) awaitFix(cur inspector.Cursor, call *ast.CallExpr) (analysis.SuggestedFix, bool) {
	co := c.coInScope(cur, call.Pos())
	if co == "" {
		return analysis.SuggestedFix{}, false
	}
	qual, ok := c.asyncrtQualifier(cur, call.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("Await the future with %sAwait(%s, …)", qual, co),
		TextEdits: []analysis.TextEdit{
			{Pos: call.Pos(), End: call.Pos(), NewText: []byte(qual + "Await(" + co + ", ")},
			{Pos: call.End(), End: call.End(), NewText: []byte(")")},
		},
	}, true
}

// coInScope returns the name of the *asyncrt.Co parameter of the innermost
// function around cur, if it is visible at p.
func (c *checker) coInScope(cur inspector.Cursor, p token.Pos) string {
	var ftype *ast.FuncType
	for e := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := e.Node().(type) {
		case *ast.FuncDecl:
			ftype = n.Type
		case *ast.FuncLit:
			ftype = n.Type
		}
		break
	}
	if ftype == nil || ftype.Params == nil {
		return ""
	}
	scope := c.pass.Pkg.Scope().Innermost(p)
	if scope == nil {
		return ""
	}
	for _, field := range ftype.Params.List {
		for _, id := range field.Names {
			v, ok := c.pass.TypesInfo.Defs[id].(*types.Var)
			if !ok || id.Name == "_" || !asyncapi.IsCo(v.Type()) {
				continue
			}
			if _, obj := scope.LookupParent(id.Name, p); obj == v {
				return id.Name
			}
		}
	}
	return ""
}

// asyncrtQualifier returns the prefix ("asyncrt.", another import name, or
// "" for a dot import) that reaches asyncrt.Await at p in cur's file.
func (c *checker) asyncrtQualifier(cur inspector.Cursor, p token.Pos) (string, bool) {
	var file *ast.File
	for e := range cur.Enclosing((*ast.File)(nil)) {
		file = e.Node().(*ast.File)
		break
	}
	scope := c.pass.Pkg.Scope().Innermost(p)
	if file == nil || scope == nil {
		return "", false
	}
	for _, imp := range file.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err != nil || path != asyncapi.Path {
			continue
		}
		pkgName := c.pass.TypesInfo.PkgNameOf(imp)
		if pkgName == nil {
			continue
		}
		switch pkgName.Name() {
		case "_":
			continue
		case ".":
			if _, obj := scope.LookupParent("Await", p); obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == asyncapi.Path {
				return "", true
			}
		default:
			if _, obj := scope.LookupParent(pkgName.Name(), p); obj == pkgName {
				return pkgName.Name() + ".", true
			}
		}
	}
	return "", false
}
