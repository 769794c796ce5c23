package blocking

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncapi"
)

// sleepFix rewrites time.Sleep(d) into asyncrt.Await(co, asyncrt.Sleep(d)).
// The argument's text is kept as written: only "time.Sleep(" is replaced
// and a ")" added. The file's name for asyncrt is used; the import is added
// when missing, and the time import is dropped when this call was its only
// use (so the fixed file compiles with any driver).
func (c *checker) sleepFix(file *ast.File, node ast.Node, call *ssa.Call, co string) (analysis.SuggestedFix, bool) {
	ce, ok := node.(*ast.CallExpr)
	if !ok || len(ce.Args) != 1 || ce.Ellipsis.IsValid() || ce.Lparen != call.Pos() {
		return analysis.SuggestedFix{}, false
	}
	prefix, addImport, ok := c.asyncrtName(file, ce.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	edits := []analysis.TextEdit{
		{Pos: ce.Fun.Pos(), End: ce.Lparen + 1, NewText: fmt.Appendf(nil, "%sAwait(%s, %sSleep(", prefix, co, prefix)},
		{Pos: ce.Rparen, End: ce.Rparen, NewText: []byte(")")},
	}
	timeSpec := c.soleTimeImport(file, ce)
	quoted := []byte(strconv.Quote(asyncapi.Path))
	switch {
	case addImport && timeSpec != nil:
		// Reuse the import line time no longer needs.
		edits = append(edits, analysis.TextEdit{Pos: timeSpec.Pos(), End: timeSpec.End(), NewText: quoted})
	case addImport:
		first := firstImport(file)
		if first == nil {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, analysis.TextEdit{Pos: first.Pos(), End: first.Pos(), NewText: fmt.Appendf(nil, "import %s\n\n", quoted)})
	case timeSpec != nil:
		if e, ok := c.deleteImport(file, timeSpec); ok {
			edits = append(edits, e)
		}
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Replace time.Sleep with asyncrt.Await(%s, asyncrt.Sleep(…))", co),
		TextEdits: edits,
	}, true
}

// asyncrtName returns the qualifier the file uses for asyncrt at pos
// ("asyncrt.", an alias, or "" for a dot import), or, when the file does not
// import it, "asyncrt." with addImport set, provided that name is free at
// pos.
func (c *checker) asyncrtName(file *ast.File, pos token.Pos) (prefix string, addImport, ok bool) {
	scope := c.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return "", false, false
	}
	for _, spec := range file.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil || path != asyncapi.Path {
			continue
		}
		name := "asyncrt"
		if spec.Name != nil {
			name = spec.Name.Name
		}
		switch name {
		case ".":
			return "", false, true
		case "_":
			return "", false, false
		}
		// The name must still denote the package at pos (not shadowed).
		if _, obj := scope.LookupParent(name, pos); obj != nil {
			if pn, ok := obj.(*types.PkgName); ok && pn.Imported().Path() == asyncapi.Path {
				return name + ".", false, true
			}
		}
		return "", false, false
	}
	if _, obj := scope.LookupParent("asyncrt", pos); obj != nil {
		return "", false, false
	}
	return "asyncrt.", true, true
}

// soleTimeImport returns the import spec of "time" when the Fun of ce
// (time.Sleep) is the file's only use of it.
func (c *checker) soleTimeImport(file *ast.File, ce *ast.CallExpr) *ast.ImportSpec {
	sel, ok := ce.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	pn, ok := c.pass.TypesInfo.Uses[id].(*types.PkgName)
	if !ok || pn.Imported().Path() != "time" {
		return nil
	}
	uses := 0
	ast.Inspect(file, func(n ast.Node) bool {
		if x, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[x] == pn {
			uses++
		}
		return uses <= 1
	})
	if uses != 1 {
		return nil
	}
	for _, spec := range file.Imports {
		if c.pass.TypesInfo.Defs[spec.Name] == pn || c.pass.TypesInfo.Implicits[spec] == pn {
			return spec
		}
	}
	return nil
}

func firstImport(file *ast.File) *ast.GenDecl {
	for _, d := range file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			return g
		}
	}
	return nil
}

// deleteImport removes spec: its whole line in an import group of several
// specs, or the whole declaration when it is alone.
func (c *checker) deleteImport(file *ast.File, spec *ast.ImportSpec) (analysis.TextEdit, bool) {
	tf := c.pass.Fset.File(spec.Pos())
	if tf == nil {
		return analysis.TextEdit{}, false
	}
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for _, s := range g.Specs {
			if s != spec {
				continue
			}
			start, end := spec.Pos(), spec.End()
			if len(g.Specs) == 1 {
				start, end = g.Pos(), g.End()
			}
			// Take the rest of the line, newline included, when nothing
			// else is on it.
			line := tf.Line(start)
			if tf.Line(end) == line && line < tf.LineCount() {
				first, next := tf.LineStart(line), tf.LineStart(line+1)
				if onlySpace(c.pass, tf, first, start) && onlySpace(c.pass, tf, end, next) {
					start, end = first, next
				}
			}
			return analysis.TextEdit{Pos: start, End: end}, true
		}
	}
	return analysis.TextEdit{}, false
}

// onlySpace reports whether the bytes in [from, to) are white space. Without
// the file's content (pass.ReadFile is nil under some drivers) it answers
// false, and the edit keeps to the spec.
func onlySpace(pass *analysis.Pass, tf *token.File, from, to token.Pos) bool {
	if pass.ReadFile == nil {
		return false
	}
	content, err := pass.ReadFile(tf.Name())
	if err != nil {
		return false
	}
	a, b := tf.Offset(from), tf.Offset(to)
	if a < 0 || b > len(content) || a > b {
		return false
	}
	for _, ch := range content[a:b] {
		if ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' {
			return false
		}
	}
	return true
}
