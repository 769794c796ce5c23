package droppedfuture

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// closureCache answers, once per free variable, whether a closure body
// consumes the variable it captured.
type closureCache struct {
	cells map[ssa.Value]bool
}

func newClosureCache() *closureCache {
	return &closureCache{cells: make(map[ssa.Value]bool)}
}

// consumesCell reports whether the variable cell (a free variable or a local
// *ssa.Alloc of a closure body) may have its content handed on somewhere in
// its function: flow-insensitively, since the closure may run at any time.
func (c *closureCache) consumesCell(cell ssa.Value, depth int) bool {
	if r, ok := c.cells[cell]; ok {
		return r
	}
	if depth > maxDepth {
		return true // too deep to tell: assume consumed, stay silent
	}
	c.cells[cell] = false // a cycle consumes nothing by itself
	r := c.cellConsumed(cell, depth)
	c.cells[cell] = r
	return r
}

func (c *closureCache) cellConsumed(cell ssa.Value, depth int) bool {
	for _, instr := range referrersOf(cell) {
		switch u := instr.(type) {
		case *ssa.DebugRef, *ssa.FieldAddr, *ssa.IndexAddr:
		case *ssa.Store:
			if u.Addr != cell {
				return true // the variable's address is stored elsewhere
			}
		case *ssa.UnOp:
			if u.Op != token.MUL || c.valueConsumed(u, depth+1, map[ssa.Value]bool{}) {
				return true
			}
		case *ssa.MakeClosure:
			if c.closureConsumes(u, cell, depth+1, map[ssa.Value]bool{}) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// valueConsumed reports whether the value v may be handed on anywhere.
func (c *closureCache) valueConsumed(v ssa.Value, depth int, seen map[ssa.Value]bool) bool {
	if depth > maxDepth {
		return true
	}
	if seen[v] {
		return false
	}
	seen[v] = true
	for _, instr := range referrersOf(v) {
		switch u := instr.(type) {
		case *ssa.DebugRef, *ssa.BinOp, *ssa.FieldAddr, *ssa.Field, *ssa.IndexAddr, *ssa.Index:
		case *ssa.Phi, *ssa.MakeInterface, *ssa.ChangeType, *ssa.ChangeInterface,
			*ssa.Convert, *ssa.MultiConvert:
			if c.valueConsumed(u.(ssa.Value), depth+1, seen) {
				return true
			}
		case *ssa.TypeAssert:
			if !u.CommaOk {
				if c.valueConsumed(u, depth+1, seen) {
					return true
				}
				continue
			}
			for _, r := range referrersOf(u) {
				if x, ok := r.(*ssa.Extract); ok && x.Index == 0 && c.valueConsumed(x, depth+1, seen) {
					return true
				}
			}
		case *ssa.UnOp:
			if u.Op == token.ARROW {
				return true
			}
		case *ssa.Store:
			if u.Addr == v {
				continue
			}
			a, ok := u.Addr.(*ssa.Alloc)
			if !ok || c.consumesCell(a, depth+1) {
				return true
			}
		case *ssa.MakeClosure:
			if c.closureConsumes(u, v, depth+1, seen) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// closureConsumes reports whether the closure mc, which binds x, consumes
// x: its body consumes the matching free variable (or, for a method value,
// the receiver), and mc itself is called or handed on.
func (c *closureCache) closureConsumes(mc *ssa.MakeClosure, x ssa.Value, depth int, seen map[ssa.Value]bool) bool {
	fn, _ := mc.Fn.(*ssa.Function)
	if fn == nil {
		return true
	}
	if !isBoundWrapper(fn) {
		used := false
		for i, b := range mc.Bindings {
			if b == x && i < len(fn.FreeVars) && c.consumesCell(fn.FreeVars[i], depth) {
				used = true
			}
		}
		if !used {
			return false
		}
	}
	return c.valueConsumed(mc, depth, seen)
}
