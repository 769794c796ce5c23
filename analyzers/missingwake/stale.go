package missingwake

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/wakerfacts"
)

// staleStore is a waker stored into a field only while the field is nil.
type staleStore struct {
	store *ssa.Store
	field *types.Var
	guard token.Pos // the nil test
	fn    *ssa.Function
}

// staleGuards finds, in one function, the fields of type *asyncrt.Waker
// whose every waker store is guarded by "the field is nil" — the waker of
// the first poll is kept and the waker of every later poll is dropped. A
// task can be polled with a different waker than last time (it moved to
// another task, a combinator re-wrapped it), and waking the stale one then
// wakes the wrong thing: the future's own task is never polled again.
//
// A store is guarded when it sits in the "nil" branch of an
// `if f.w == nil` (or the else of `if f.w != nil`) and that branch can
// only be entered from the test: `if f.w == nil || !f.w.WillWake(w)` joins
// a second way in, and is the correct form.
//
// It records the stale stores for reporting and returns the guards' other
// edges: on those the earlier waker is still stored, so the path search
// treats them as registering rather than reporting the same bug twice.
func (c *checker) staleGuards(flow *wakerfacts.Flow) map[edge]bool {
	type fieldStores struct {
		all     int
		guarded []staleStore
		edges   []edge
	}
	byField := make(map[*types.Var]*fieldStores)
	var fields []*types.Var
	for _, e := range flow.Events {
		st, ok := e.Instr.(*ssa.Store)
		if !ok || e.Kind != wakerfacts.Stored {
			continue
		}
		fa, ok := st.Addr.(*ssa.FieldAddr)
		if !ok || e.Field == nil || !asyncapi.IsWaker(e.Field.Type()) {
			continue
		}
		fs := byField[e.Field]
		if fs == nil {
			fs = new(fieldStores)
			byField[e.Field] = fs
			fields = append(fields, e.Field)
		}
		fs.all++
		if g, other, ok := nilGuard(st, fa, e.Field); ok {
			fs.guarded = append(fs.guarded, staleStore{store: st, field: e.Field, guard: lastInstr(g).(*ssa.If).Cond.Pos(), fn: flow.Fn})
			fs.edges = append(fs.edges, other)
		}
	}
	var edges map[edge]bool
	for _, f := range fields {
		fs := byField[f]
		if len(fs.guarded) == 0 || len(fs.guarded) != fs.all {
			continue
		}
		c.stale = append(c.stale, fs.guarded...)
		if edges == nil {
			edges = make(map[edge]bool)
		}
		for _, e := range fs.edges {
			edges[e] = true
		}
	}
	return edges
}

// nilGuard looks, among the dominators of st's block, for a branch on
// "field is nil" whose nil successor dominates st and can only be entered
// from that branch. It returns the branch block and the edge taken when the
// field is not nil.
func nilGuard(st *ssa.Store, fa *ssa.FieldAddr, field *types.Var) (*ssa.BasicBlock, edge, bool) {
	sb := st.Block()
	for d := sb.Idom(); d != nil; d = d.Idom() {
		iff, ok := lastInstr(d).(*ssa.If)
		if !ok || len(d.Succs) != 2 {
			continue
		}
		nilSucc, ok := nilTest(iff.Cond, field)
		if !ok {
			continue
		}
		t := d.Succs[nilSucc]
		if len(t.Preds) == 1 && t.Dominates(sb) {
			return d, edge{d, 1 - nilSucc}, true
		}
	}
	return nil, edge{}, false
}

// nilTest recognizes `x.field == nil` (true successor is the nil case: 0)
// and `x.field != nil` (1).
func nilTest(cond ssa.Value, field *types.Var) (int, bool) {
	b, ok := cond.(*ssa.BinOp)
	if !ok || (b.Op != token.EQL && b.Op != token.NEQ) {
		return 0, false
	}
	x, y := b.X, b.Y
	if k, ok := x.(*ssa.Const); ok && k.IsNil() {
		x, y = y, x
	}
	if k, ok := y.(*ssa.Const); !ok || !k.IsNil() {
		return 0, false
	}
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return 0, false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || wakerfacts.FieldOf(fa) != field {
		return 0, false
	}
	if b.Op == token.EQL {
		return 0, true
	}
	return 1, true
}

func (c *checker) reportStale() {
	for _, s := range c.stale {
		if c.lostSeen[s.store] {
			continue // the field is never woken at all: that was reported
		}
		where := ""
		if l := c.line(s.guard); l > 0 {
			where = fmt.Sprintf(" (tested at line %d)", l)
		}
		msg := fmt.Sprintf("the waker is stored in field %s only while %s is nil%s: a later poll may carry a different waker, and the stale one wakes the wrong task; store the waker on every poll that returns Pending, or replace it when !%s.WillWake(cx.Waker())",
			s.field.Name(), s.field.Name(), where, s.field.Name())
		c.report(s.store.Pos(), s.fn.Pos(), msg)
	}
}
