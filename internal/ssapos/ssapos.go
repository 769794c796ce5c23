// Package ssapos maps SSA call instructions back to the syntax they came
// from, so that checks built on SSA can report a call's whole source range
// rather than the single position an instruction carries.
package ssapos

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/report"
)

// Pos is a bare position usable as a report.Positioner: a diagnostic at
// Pos has a start and no range.
type Pos token.Pos

// Pos returns p itself.
func (p Pos) Pos() token.Pos { return token.Pos(p) }

// Calls finds the *ast.CallExpr of an SSA call in a package's files. The
// index of call expressions is built on first use.
type Calls struct {
	in       *inspector.Inspector
	byLparen map[token.Pos]*ast.CallExpr
}

// NewCalls returns a Calls that searches the files in. A nil in is allowed:
// then no syntax is ever found.
func NewCalls(in *inspector.Inspector) *Calls { return &Calls{in: in} }

// Node returns the call expression of call for reporting its whole range,
// or the bare position of call when the syntax is not found (for example in
// synthesized code, or when no inspector was given).
func (c *Calls) Node(call ssa.CallInstruction) report.Positioner {
	if c.in != nil {
		if c.byLparen == nil {
			c.byLparen = map[token.Pos]*ast.CallExpr{}
			for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil)) {
				ce := cur.Node().(*ast.CallExpr)
				c.byLparen[ce.Lparen] = ce
			}
		}
		if ce := c.byLparen[call.Common().Pos()]; ce != nil {
			return ce
		}
	}
	return Pos(call.Pos())
}
