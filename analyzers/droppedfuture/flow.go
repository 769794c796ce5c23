package droppedfuture

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// The path search follows one future instance — the value created by one
// call — through the SSA form of the function that created it, the way
// lostcancel follows a cancel function through the CFG, with two changes
// that SSA makes cheap and that a future needs:
//
//   - A future moves between variables. Its holders are the SSA values and
//     local variables that contain this instance: the call's result, the phis
//     it flows into, its conversions (to an interface, a named type), loads of
//     a local variable it was stored in. The search carries the set of
//     holders that contain the instance at each point, as a bit mask; a
//     holder leaves the set when it is given another value (a phi on an edge
//     that brings another value, a store of another value into the variable,
//     or the loop reaching the instruction that defines it again). When the
//     set becomes empty the instance was overwritten: dropped.
//   - A closure captures variables by reference. A closure that captures a
//     variable holding the future, and whose body consumes that variable,
//     is a proxy: calling it or handing it on consumes the future if, at that
//     moment, the variable still holds the instance. A closure that captures
//     the future but never consumes it (or is never called nor handed on)
//     consumes nothing.
//
// Every other use of a holder consumes the future: passing it to any
// function or method (Await, Spawn, a helper, fmt.Println), a method call on
// it (Poll, Join, Abort), returning it, storing it into a field, slice, map,
// global or channel, sending it. Reading it does not: comparing it with nil,
// reading its fields. The search starts right after the creating
// instruction and looks, depth first, for a path to a return on which no
// holder is consumed, or on which every holder is overwritten. Paths that end
// in a panic (or a call that never returns) drop nothing worth reporting.

// maxHolders bounds the number of tracked holders per future: the state is a
// 64-bit mask. A future with more holders is not analyzed (not reported).
const maxHolders = 64

// maxEntities bounds the whole set of holders and proxies of one future, and
// maxSteps the number of (block, state) pairs one search may visit. Beyond
// either bound the future is assumed consumed: the check stays silent rather
// than slow.
const (
	maxEntities = 512
	maxSteps    = 1 << 14
	maxDepth    = 12 // nesting of closures and conversions examined in closure bodies
)

// entity is a holder or a proxy of the tracked future instance.
type entity struct {
	v ssa.Value
	// cell: v is a local variable (an *ssa.Alloc) whose content is the
	// future, rather than the future itself.
	cell bool
	// tracked: the entity has its own bit in the state (a holder). Proxies
	// are not tracked: whether they carry the future depends only on the
	// variables they captured.
	tracked bool
	bit     uint64
	// backing: the bits whose presence in the state makes a consuming use
	// of v consume the future. A holder's backing is its own bit; a proxy's
	// is the bits of the variables it captured.
	backing uint64
	// from: for a tracked value defined by a conversion or a load, the
	// entities it copies; it holds the instance when one of them does.
	from []*entity
	live []bool // see liveIn
}

// tracker holds the holders and proxies of one future instance.
type tracker struct {
	src      ssa.Value
	ents     []*entity
	byValue  map[ssa.Value]*entity
	nbits    int
	overflow bool
	holders  uint64 // the bits of tracked holders (defer bits excluded)
	// errs and oks hold the error and bool results returned together with
	// the future by the same call: on a path where an error is non-nil or
	// an ok is false, the future is taken to be unusable (the usual
	// (T, error) and (T, bool) contracts).
	errs, oks map[ssa.Value]bool
	// deferBits maps a defer statement that hands on a proxy to a bit set
	// when the defer statement executes: the proxy is then consumed at
	// return, with whatever the captured variables hold at that time.
	deferBits map[*ssa.Defer]uint64
	closures  *closureCache
}

// dropKind says how a future was dropped on the path found.
type dropKind int

const (
	dropAtReturn   dropKind = iota // a return reached with the future unconsumed
	dropOverwrite                  // every holder got another value
	dropNextRound                  // the loop created the next instance first
	dropUnanalyzed                 // not a drop: the search gave up
)

// drop is the result of a search: where the future is lost.
type drop struct {
	kind dropKind
	// ret is the return reached (dropAtReturn); pos the assignment that
	// overwrote the last holder (dropOverwrite), when known.
	ret *ssa.Return
	pos token.Pos
}

func newTracker(src ssa.Value, cc *closureCache) *tracker {
	t := &tracker{
		src:       src,
		byValue:   make(map[ssa.Value]*entity),
		errs:      make(map[ssa.Value]bool),
		oks:       make(map[ssa.Value]bool),
		deferBits: make(map[*ssa.Defer]uint64),
		closures:  cc,
	}
	errs, oks := companions(src)
	for _, e := range errs {
		t.errs[e] = true
	}
	for _, o := range oks {
		t.oks[o] = true
	}
	t.add(src, false, true, 0)
	t.build()
	return t
}

// add registers v as a holder (tracked) or a proxy with the given backing.
// A value reached twice keeps its first role.
func (t *tracker) add(v ssa.Value, cell, tracked bool, backing uint64) *entity {
	if e, ok := t.byValue[v]; ok {
		return e
	}
	if len(t.ents) >= maxEntities {
		t.overflow = true
		return nil
	}
	e := &entity{v: v, cell: cell, tracked: tracked, backing: backing}
	if tracked {
		if t.nbits >= maxHolders {
			t.overflow = true
			return nil
		}
		e.bit = 1 << t.nbits
		t.nbits++
		e.backing = e.bit
		t.holders |= e.bit
	}
	t.ents = append(t.ents, e)
	t.byValue[v] = e
	return e
}

// derive registers the value defined by instr as a copy of e: a holder if e
// is one, a proxy with e's backing otherwise.
func (t *tracker) derive(v ssa.Value, e *entity) {
	d := t.add(v, false, e.tracked, e.backing)
	if d != nil && d.tracked && e.tracked {
		d.from = append(d.from, e)
	}
}

// build finds every holder and proxy of the instance by following the uses
// of the source, flow-insensitively; the path search then decides which of
// them contain the instance at each point.
func (t *tracker) build() {
	for i := 0; i < len(t.ents) && !t.overflow; i++ {
		e := t.ents[i]
		refs := e.v.Referrers()
		if refs == nil {
			continue
		}
		for _, instr := range *refs {
			t.follow(e, instr)
		}
	}
	if t.overflow {
		return
	}
	// Defer statements that hand on a proxy: their closure runs at return.
	for _, e := range t.ents {
		if e.tracked {
			continue
		}
		for _, instr := range referrersOf(e.v) {
			d, ok := instr.(*ssa.Defer)
			if !ok || t.deferBits[d] != 0 {
				continue
			}
			if t.nbits >= maxHolders {
				t.overflow = true
				return
			}
			t.deferBits[d] = 1 << t.nbits
			t.nbits++
		}
	}
}

// follow extends the set of holders and proxies through one use of e.
func (t *tracker) follow(e *entity, instr ssa.Instruction) {
	switch u := instr.(type) {
	case *ssa.Phi, *ssa.MakeInterface, *ssa.ChangeType, *ssa.ChangeInterface,
		*ssa.Convert, *ssa.MultiConvert:
		if !e.cell {
			t.derive(u.(ssa.Value), e)
		}
	case *ssa.TypeAssert:
		if e.cell {
			return
		}
		if !u.CommaOk {
			t.derive(u, e)
			return
		}
		// v, ok := x.(T): the first component of the tuple is the copy.
		for _, r := range referrersOf(u) {
			if x, ok := r.(*ssa.Extract); ok && x.Index == 0 {
				t.derive(x, e)
			}
		}
	case *ssa.UnOp:
		if u.Op == token.MUL && e.cell {
			t.derive(u, e) // a load of the variable
		}
	case *ssa.Store:
		if u.Val == e.v && !e.cell {
			if a, ok := u.Addr.(*ssa.Alloc); ok {
				c := t.add(a, true, e.tracked, e.backing)
				if c != nil && c.tracked != e.tracked {
					// The variable already plays the other role (a
					// holder variable that is also given a proxy):
					// too tangled to follow precisely.
					t.overflow = true
				}
			}
		}
	case *ssa.MakeClosure:
		fn, _ := u.Fn.(*ssa.Function)
		if fn == nil {
			return
		}
		for i, b := range u.Bindings {
			if b != e.v {
				continue
			}
			switch {
			case isBoundWrapper(fn):
				// A method value x.M binds x: by value for a value
				// receiver, by reference for an addressable variable.
				if e.cell || !e.tracked {
					t.add(u, false, false, e.backing)
				} else {
					t.derive(u, e)
				}
			case i < len(fn.FreeVars) && t.closures.consumesCell(fn.FreeVars[i], 0):
				t.add(u, false, false, e.backing)
			}
		}
	}
}

// isBoundWrapper reports whether fn is the synthetic wrapper of a method
// value (x.M), which binds its receiver.
func isBoundWrapper(fn *ssa.Function) bool {
	return strings.HasPrefix(fn.Synthetic, "bound method wrapper") && len(fn.FreeVars) == 1
}

func referrersOf(v ssa.Value) []ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return *r
	}
	return nil
}

// effect is what one instruction does with one holder or proxy operand.
type effect int

const (
	effNone    effect = iota // a read: a nil comparison, a field access
	effCopy                  // the instruction defines a copy (phi, conversion, load, store into a local)
	effWrite                 // a store into the variable (e is a cell)
	effConsume               // the future is handed on
)

// effectOf classifies the use of e by instr. Anything not known to be a
// read or a copy consumes: the check prefers silence to a false report.
func (t *tracker) effectOf(instr ssa.Instruction, e *entity) effect {
	switch u := instr.(type) {
	case *ssa.DebugRef, *ssa.BinOp, *ssa.FieldAddr, *ssa.Field, *ssa.IndexAddr, *ssa.Index:
		return effNone
	case *ssa.Phi, *ssa.MakeInterface, *ssa.ChangeType, *ssa.ChangeInterface,
		*ssa.Convert, *ssa.MultiConvert, *ssa.TypeAssert:
		if e.cell {
			return effConsume // the variable's address flows elsewhere
		}
		return effCopy
	case *ssa.UnOp:
		switch {
		case u.Op == token.MUL && e.cell:
			return effCopy
		case u.Op == token.ARROW:
			return effConsume
		}
		return effNone
	case *ssa.Store:
		if u.Addr == e.v {
			if e.cell {
				return effWrite
			}
			return effNone // writing through a pointer future
		}
		if !e.cell {
			if _, ok := u.Addr.(*ssa.Alloc); ok {
				return effCopy
			}
		}
		return effConsume
	case *ssa.MakeClosure:
		if _, ok := t.byValue[u]; ok {
			return effCopy
		}
		return effNone // a closure that never consumes what it captured
	}
	return effConsume
}

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

// companions returns the other results of the call the source was
// extracted from that say whether the future is usable, by the usual Go
// conventions: error results (the future is unusable when one is non-nil)
// and bool results (comma-ok: unusable when false).
func companions(src ssa.Value) (errs, oks []ssa.Value) {
	x, ok := src.(*ssa.Extract)
	if !ok {
		return nil, nil
	}
	for _, r := range referrersOf(x.Tuple) {
		y, ok := r.(*ssa.Extract)
		if !ok || y == x {
			continue
		}
		switch {
		case types.Identical(y.Type(), errorType):
			errs = append(errs, y)
		case types.Identical(y.Type().Underlying(), types.Typ[types.Bool]):
			oks = append(oks, y)
		}
	}
	return errs, oks
}

var errorType = types.Universe.Lookup("error").Type()
