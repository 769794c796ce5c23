package nestedblockon

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// awaitFix rewrites asyncrt.BlockOn(rt, f) and asyncrt.Run(f) in an async
// function to asyncrt.Await(co, f): the future is awaited as part of the
// calling task. The qualifier and any explicit type arguments are kept
// (asyncrt.BlockOn[int](rt, f) becomes asyncrt.Await[int](co, f)), so the
// file's name for asyncrt and its imports stay as they are.
func (c *checker) awaitFix(file *ast.File, call *ast.CallExpr, id, co string) (analysis.SuggestedFix, bool) {
	name := funcName(call.Fun)
	if name == nil || call.Ellipsis.IsValid() {
		return analysis.SuggestedFix{}, false
	}
	edits := []analysis.TextEdit{{Pos: name.Pos(), End: name.End(), NewText: []byte("Await")}}
	switch {
	case id == idBlockOn && name.Name == "BlockOn" && len(call.Args) == 2:
		if !c.droppable(file, call.Args[0]) {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, analysis.TextEdit{Pos: call.Args[0].Pos(), End: call.Args[0].End(), NewText: []byte(co)})
	case id == idRun && name.Name == "Run" && len(call.Args) == 1:
		edits = append(edits, analysis.TextEdit{Pos: call.Args[0].Pos(), End: call.Args[0].Pos(), NewText: []byte(co + ", ")})
	default:
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Await the future with " + co + " instead",
		TextEdits: edits,
	}, true
}

// funcName returns the identifier naming the called function in
// asyncrt.BlockOn, asyncrt.BlockOn[T], or BlockOn (dot import).
func funcName(fun ast.Expr) *ast.Ident {
	fun = ast.Unparen(fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	switch f := ast.Unparen(fun).(type) {
	case *ast.SelectorExpr:
		return f.Sel
	case *ast.Ident:
		return f
	}
	return nil
}

// droppable reports whether the runtime argument can be deleted without
// changing what the program does or breaking the build: a name or a chain
// of field selections ending in one (no calls: asyncrt.New() must not
// vanish), and, when that name is a local variable, one the function uses
// elsewhere too (otherwise it would be declared and not used).
func (c *checker) droppable(file *ast.File, e ast.Expr) bool {
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		obj := c.pass.TypesInfo.Uses[e]
		switch obj := obj.(type) {
		case *types.Nil:
			return true
		case *types.Var:
			if obj.Kind() != types.LocalVar {
				return true // parameters and package variables may go unused
			}
			return c.usedElsewhere(file, obj, e)
		}
		return false
	case *ast.SelectorExpr:
		if sel, ok := c.pass.TypesInfo.Selections[e]; ok {
			return sel.Kind() == types.FieldVal && c.droppable(file, e.X)
		}
		// A qualified identifier: pkg.DefaultRuntime.
		_, ok := c.pass.TypesInfo.Uses[e.Sel].(*types.Var)
		return ok
	}
	return false
}

// usedElsewhere reports whether the local variable v is read in file at an
// identifier other than except. Being assigned to is not a use for the
// compiler's "declared and not used".
func (c *checker) usedElsewhere(file *ast.File, v *types.Var, except *ast.Ident) bool {
	assigned := make(map[*ast.Ident]bool)
	found := false
	ast.Inspect(file, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
					assigned[id] = true
				}
			}
		case *ast.Ident:
			if n != except && !assigned[n] && c.pass.TypesInfo.Uses[n] == v {
				found = true
			}
		}
		return true
	})
	return found
}
