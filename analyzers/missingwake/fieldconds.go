package missingwake

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/wakerfacts"
)

// fieldConds lets the path search drop paths that contradict themselves
// through the future's own state. Hand-written futures test their fields
// again and again — `if j.a == nil { poll a }; if j.b == nil { poll b }; if
// j.a == nil || j.b == nil { return Pending }` — and the path that skips
// both polls and then returns Pending is impossible: both fields were not
// nil. The search remembers, per path, what the branches said about a
// field read through a parameter or free variable (nil or not, for a
// pointer-like field; true or false, for a boolean one), forgets it when
// the path stores into that field, and follows only the consistent edge
// of a later test of the same field.
//
// Calls are assumed not to change the receiver's fields behind the
// path's back. That can only remove paths, never add a report.
type fieldConds struct {
	index map[condKey]uint
	test  map[*ssa.BasicBlock]condTest
	inval map[*ssa.BasicBlock]uint32
}

// maxConds is how many distinct field tests one function tracks.
const maxConds = 32

type condKey struct {
	base  ssa.Value
	field *types.Var
}

// condTest is a branch on a tracked field: the condition holds when the
// field's fact (is nil / is true) equals trueWhen.
type condTest struct {
	idx      uint
	trueWhen bool
}

func newFieldConds(fn *ssa.Function) *fieldConds {
	fc := &fieldConds{
		index: make(map[condKey]uint),
		test:  make(map[*ssa.BasicBlock]condTest),
		inval: make(map[*ssa.BasicBlock]uint32),
	}
	for _, b := range fn.Blocks {
		iff, ok := lastInstr(b).(*ssa.If)
		if !ok || len(b.Succs) != 2 {
			continue
		}
		k, trueWhen, ok := parseFieldTest(iff.Cond)
		if !ok {
			continue
		}
		idx, ok := fc.index[k]
		if !ok {
			if len(fc.index) >= maxConds {
				continue
			}
			idx = uint(len(fc.index))
			fc.index[k] = idx
		}
		fc.test[b] = condTest{idx: idx, trueWhen: trueWhen}
	}
	if len(fc.index) == 0 {
		return fc
	}
	byField := make(map[*types.Var]uint32)
	for k, i := range fc.index {
		byField[k.field] |= 1 << i
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var addr ssa.Value
			switch in := instr.(type) {
			case *ssa.Store:
				addr = in.Addr
			default:
				continue
			}
			if fa, ok := addr.(*ssa.FieldAddr); ok {
				fc.inval[b] |= byField[wakerfacts.FieldOf(fa)]
			}
		}
	}
	return fc
}

// parseFieldTest recognizes `x.f == nil`, `x.f != nil` and a boolean `x.f`
// (possibly negated) where x is a parameter or free variable.
func parseFieldTest(cond ssa.Value) (condKey, bool, bool) {
	base, same := boolBase(cond)
	var k condKey
	var ok, trueWhen bool
	switch c := base.(type) {
	case *ssa.BinOp:
		if c.Op != token.EQL && c.Op != token.NEQ {
			return k, false, false
		}
		x, y := c.X, c.Y
		if n, isConst := x.(*ssa.Const); isConst && n.IsNil() {
			x, y = y, x
		}
		if n, isConst := y.(*ssa.Const); !isConst || !n.IsNil() {
			return k, false, false
		}
		k, ok = fieldLoad(x)
		trueWhen = c.Op == token.EQL // the fact is "is nil"
	case *ssa.UnOp:
		if b, isBasic := c.Type().Underlying().(*types.Basic); !isBasic || b.Kind() != types.Bool {
			return k, false, false
		}
		k, ok = fieldLoad(c)
		trueWhen = true // the fact is the field's value
	}
	if !ok {
		return k, false, false
	}
	if !same {
		trueWhen = !trueWhen
	}
	return k, trueWhen, true
}

// fieldLoad recognizes a load of a field through a parameter or free
// variable: a base that is the same value everywhere in the function.
func fieldLoad(v ssa.Value) (condKey, bool) {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return condKey{}, false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return condKey{}, false
	}
	switch fa.X.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
	default:
		return condKey{}, false
	}
	f := wakerfacts.FieldOf(fa)
	if f == nil {
		return condKey{}, false
	}
	return condKey{base: fa.X, field: f}, true
}
