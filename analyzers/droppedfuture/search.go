package droppedfuture

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// search looks for a path from the source to a return on which the future
// is never consumed. It returns nil when every path consumes it.
func (t *tracker) search() *drop {
	if t.overflow {
		return nil
	}
	def, ok := t.src.(ssa.Instruction)
	if !ok || def.Block() == nil {
		return nil
	}
	start := def.Block()
	idx := -1
	for i, instr := range start.Instrs {
		if instr == def {
			idx = i
			break
		}
	}
	if idx < 0 {
		return nil
	}

	type item struct {
		b     *ssa.BasicBlock
		from  int // first instruction to run
		state uint64
	}
	type key struct {
		b     int
		state uint64
	}
	seen := make(map[key]bool)
	stack := []item{{start, idx + 1, t.byValue[t.src].bit | t.deferredBefore(def)}}
	steps := 0
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if steps++; steps > maxSteps {
			return &drop{kind: dropUnanalyzed}
		}
		state, d, next := t.runBlock(it.b, it.from, it.state)
		if d != nil {
			return d
		}
		// Push successors in reverse so the first successor is explored
		// first: the reported path follows source order.
		for i := len(next) - 1; i >= 0; i-- {
			s := next[i]
			st, d := t.enter(it.b, s, state)
			if d != nil {
				return d
			}
			k := key{s.Index, st}
			if seen[k] {
				continue
			}
			seen[k] = true
			stack = append(stack, item{s, 0, st})
		}
	}
	return nil
}

// runBlock executes b's instructions from index from with the given state.
// It returns the state at the end of the block and the successors to
// follow, or a drop, or no successors when the path ends here (the future
// was consumed, or the block panics).
func (t *tracker) runBlock(b *ssa.BasicBlock, from int, state uint64) (uint64, *drop, []*ssa.BasicBlock) {
	for i := from; i < len(b.Instrs); i++ {
		instr := b.Instrs[i]
		if _, ok := instr.(*ssa.Phi); ok {
			continue // phis were evaluated on the edge into b
		}
		if t.consumes(instr, state) {
			return state, nil, nil
		}
		if d, ok := instr.(*ssa.Defer); ok {
			state |= t.deferBits[d]
		}
		if v, ok := instr.(ssa.Value); ok {
			if e := t.byValue[v]; e != nil && e.tracked {
				was := state
				state &^= e.bit
				if !e.cell {
					for _, f := range e.from {
						if was&f.bit != 0 {
							state |= e.bit
						}
					}
				}
				if was&t.holders != 0 && state&t.holders == 0 {
					// The instruction defining the last holder ran again:
					// the loop came round (or the variable is a new one).
					return state, &drop{kind: dropNextRound}, nil
				}
			}
		}
		if st, ok := instr.(*ssa.Store); ok {
			if c := t.byValue[st.Addr]; c != nil && c.tracked && c.cell {
				was := state
				state &^= c.bit
				if v := t.byValue[st.Val]; v != nil && v.tracked && was&v.bit != 0 {
					state |= c.bit
				}
				if was&c.bit != 0 && state&c.bit == 0 {
					// The variable was overwritten: values no longer
					// used from here on are gone with it.
					for _, e := range t.ents {
						if e.tracked && !e.cell && state&e.bit != 0 && !t.liveAfter(e, b, i) {
							state &^= e.bit
						}
					}
				}
				if was&t.holders != 0 && state&t.holders == 0 {
					return state, &drop{kind: dropOverwrite, pos: st.Pos()}, nil
				}
			}
		}
		switch u := instr.(type) {
		case *ssa.Return:
			if t.consumedByDefers(state) {
				return state, nil, nil
			}
			return state, &drop{kind: dropAtReturn, ret: u}, nil
		case *ssa.Panic:
			return state, nil, nil
		case *ssa.If:
			return state, nil, t.feasible(u, state)
		}
	}
	return state, nil, b.Succs
}

// consumes reports whether instr hands on the future given the state.
func (t *tracker) consumes(instr ssa.Instruction, state uint64) bool {
	var buf [8]*ssa.Value
	for _, op := range instr.Operands(buf[:0]) {
		if op == nil || *op == nil {
			continue
		}
		e := t.byValue[*op]
		if e == nil || state&e.backing == 0 {
			continue
		}
		if t.effectOf(instr, e) == effConsume {
			return true
		}
	}
	return false
}

// deferredBefore returns the bits of the defer statements that may have run
// before def: those that def does not dominate. (A deferred closure reads
// the variables it captured when the function returns, so one deferred
// before the future was created may still consume it.)
func (t *tracker) deferredBefore(def ssa.Instruction) uint64 {
	var bits uint64
	for d, bit := range t.deferBits {
		if !dominates(def, d) {
			bits |= bit
		}
	}
	return bits
}

// dominates reports whether instruction a dominates instruction b.
func dominates(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab != bb {
		return ab.Dominates(bb)
	}
	for _, instr := range ab.Instrs {
		switch instr {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

// consumedByDefers reports whether a deferred proxy, run at return,
// consumes the future that its captured variables hold at that time.
func (t *tracker) consumedByDefers(state uint64) bool {
	for d, bit := range t.deferBits {
		if state&bit == 0 {
			continue
		}
		var buf [8]*ssa.Value
		for _, op := range d.Operands(buf[:0]) {
			if op == nil || *op == nil {
				continue
			}
			if e := t.byValue[*op]; e != nil && state&e.backing != 0 {
				return true
			}
		}
	}
	return false
}

// feasible returns the successors of an If worth following: a branch on
// which a holder is known to be nil, or on which an error returned together
// with the future is known to be non-nil, drops nothing.
func (t *tracker) feasible(i *ssa.If, state uint64) []*ssa.BasicBlock {
	succs := i.Block().Succs
	if len(succs) != 2 {
		return succs
	}
	if x, ok := i.Cond.(*ssa.Extract); ok && x.Index == 1 && t.assertionHolds(x.Tuple, state) {
		return succs[:1] // v, ok := f.(I) with ok false: impossible
	}
	if t.oks[i.Cond] {
		return succs[:1]
	}
	if not, ok := i.Cond.(*ssa.UnOp); ok && not.Op == token.NOT && t.oks[not.X] {
		return succs[1:]
	}
	cmp, ok := i.Cond.(*ssa.BinOp)
	if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
		return succs
	}
	x := cmp.X
	if isNil(x) {
		x = cmp.Y
	} else if !isNil(cmp.Y) {
		return succs
	}
	// isNilBranch is the successor taken when x == nil.
	isNilBranch, notNilBranch := succs[0], succs[1]
	if cmp.Op == token.NEQ {
		isNilBranch, notNilBranch = notNilBranch, isNilBranch
	}
	if e := t.byValue[x]; e != nil && e.tracked && !e.cell && state&e.bit != 0 {
		return []*ssa.BasicBlock{notNilBranch}
	}
	if t.errs[x] {
		return []*ssa.BasicBlock{isNilBranch}
	}
	return succs
}

// assertionHolds reports whether tuple is a comma-ok type assertion on a
// holder of the future, to a type the future is statically known to have:
// when it holds the future, the assertion cannot fail.
func (t *tracker) assertionHolds(tuple ssa.Value, state uint64) bool {
	ta, ok := tuple.(*ssa.TypeAssert)
	if !ok || !ta.CommaOk {
		return false
	}
	e := t.byValue[ta.X]
	if e == nil || !e.tracked || e.cell || state&e.bit == 0 {
		return false
	}
	src := t.src.Type()
	if types.Identical(ta.AssertedType, src) {
		return true
	}
	iface, ok := ta.AssertedType.Underlying().(*types.Interface)
	return ok && types.Implements(src, iface)
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// enter evaluates the phis of s on the edge from b, simultaneously, and
// returns the new state, or a drop when the last holder was replaced.
func (t *tracker) enter(b, s *ssa.BasicBlock, state uint64) (uint64, *drop) {
	pred := -1
	for i, p := range s.Preds {
		if p == b {
			pred = i
			break
		}
	}
	if pred < 0 {
		return state, nil
	}
	next := state
	var lastPos token.Pos
	replaced, again := false, false
	for _, instr := range s.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		e := t.byValue[phi]
		if e == nil || !e.tracked || pred >= len(phi.Edges) {
			continue
		}
		next &^= e.bit
		if v := t.byValue[phi.Edges[pred]]; v != nil && v.tracked && state&v.bit != 0 {
			next |= e.bit
		} else {
			// The variable this phi merges, which holds the future on
			// some other path, gets another value on this one.
			replaced = true
			lastPos = phi.Edges[pred].Pos()
			// The loop's next instance replaces this one: say so
			// rather than point at the call that made both.
			again = phi.Edges[pred] == t.src
		}
	}
	backEdge := s.Dominates(b)
	if !replaced && !backEdge {
		return next, nil
	}
	// A variable was given another value, or the loop goes round: the
	// values still in the state but no longer used from here on are gone
	// too, so that the report names the assignment (or the loop) that
	// lost the future rather than some later return.
	for _, e := range t.ents {
		if e.tracked && !e.cell && next&e.bit != 0 && !isPhiOf(e.v, s) && !t.liveIn(e)[s.Index] {
			next &^= e.bit
		}
	}
	if state&t.holders != 0 && next&t.holders == 0 {
		if replaced && !again {
			return next, &drop{kind: dropOverwrite, pos: lastPos}
		}
		return next, &drop{kind: dropNextRound}
	}
	return next, nil
}

func isPhiOf(v ssa.Value, b *ssa.BasicBlock) bool {
	phi, ok := v.(*ssa.Phi)
	return ok && phi.Block() == b
}

// liveIn returns, indexed by block, whether the value e is used in that
// block or after it without being defined again first. Computed once per
// value, by the usual backward propagation from its uses.
func (t *tracker) liveIn(e *entity) []bool {
	if e.live != nil {
		return e.live
	}
	instr, ok := e.v.(ssa.Instruction)
	if !ok || instr.Block() == nil {
		return nil
	}
	def := instr.Block()
	live := make([]bool, len(def.Parent().Blocks))
	e.live = live
	var work []*ssa.BasicBlock
	mark := func(b *ssa.BasicBlock) {
		if b != def && b.Index < len(live) && !live[b.Index] {
			live[b.Index] = true
			work = append(work, b)
		}
	}
	for _, r := range referrersOf(e.v) {
		if phi, ok := r.(*ssa.Phi); ok {
			// A phi uses the value at the end of the matching
			// predecessor.
			for i, x := range phi.Edges {
				if x == e.v && i < len(phi.Block().Preds) {
					mark(phi.Block().Preds[i])
				}
			}
			continue
		}
		if r.Block() != nil {
			mark(r.Block())
		}
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, p := range b.Preds {
			mark(p)
		}
	}
	return live
}

// liveAfter reports whether e is used after instruction i of block b.
func (t *tracker) liveAfter(e *entity, b *ssa.BasicBlock, i int) bool {
	for _, r := range referrersOf(e.v) {
		if r.Block() != b {
			continue
		}
		if _, ok := r.(*ssa.Phi); ok {
			continue
		}
		for j := i + 1; j < len(b.Instrs); j++ {
			if b.Instrs[j] == r {
				return true
			}
		}
	}
	live := t.liveIn(e)
	for _, s := range b.Succs {
		if live != nil && live[s.Index] {
			return true
		}
		for _, instr := range s.Instrs {
			phi, ok := instr.(*ssa.Phi)
			if !ok {
				break
			}
			for k, x := range phi.Edges {
				if x == e.v && k < len(s.Preds) && s.Preds[k] == b {
					return true
				}
			}
		}
	}
	return false
}
