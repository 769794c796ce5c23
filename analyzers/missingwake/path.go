package missingwake

import (
	"cmp"
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/wakerfacts"
)

// edge is the i'th successor edge of a block.
type edge struct {
	from *ssa.BasicBlock
	succ int
}

// maxStates bounds the path search of one function. Each state is a block
// with a set of outstanding child polls; real Poll methods have a handful of
// child polls and reach a few times their block count. A function that
// exceeds the bound is skipped, not guessed.
const maxStates = 20000

// checkPoll reports every return of a Poll function that returns a Poll
// known to be Pending on a path where the waker was not registered.
//
// A path registers the waker when it passes an instruction where the
// waker is stored, woken, handed to a keeping helper or to unknown code
// (Flow.Events; a whole block counts, since a return is the last
// instruction of its block), or when it takes an edge that implies a
// registration: the "not nil" edge of a stale-waker guard (the earlier
// waker is still stored: that bug is reported on its own), the edge where
// `stored.WillWake(cx.Waker())` holds, the case of a select that sends the
// waker.
//
// Polling a child with cx is delegation: if the child returns Pending it
// registered the waker, if it returns Ready it registered nothing. So a
// child poll does not simply prune the path: it puts the poll in the
// path's set of possibly-Pending children, and the edge of a branch on
// that poll's IsReady() (or Value()'s ok) that means Ready removes it. A
// Pending return is fine when the set is not empty.
//
// Three refinements keep infeasible paths from causing reports. Branches
// on the future's own fields are correlated along the path (fieldConds).
// The Ready knowledge holds only in the region the Ready edge dominates: once the
// path reaches a join point that other paths also reach (`if v, ok :=
// a.Poll(cx).Value(); ok { j.a = v }` followed by more code), which way it
// went is kept in variables and fields the search does not follow, so the
// child counts as possibly Pending again. And a poll inside a loop stands
// for many polls of different children (join_all, select over a slice);
// which iteration's result a later `if pending` tests cannot be told, so
// the whole loop counts as delegation for every path that enters it.
func (c *checker) checkPoll(fn *ssa.Function, cx *ssa.Parameter, flow *wakerfacts.Flow, staleEdges map[edge]bool) {
	if len(fn.Blocks) == 0 {
		return
	}
	reg := make(map[*ssa.BasicBlock]bool)
	registered := make(map[edge]bool)
	for e := range staleEdges {
		registered[e] = true
	}
	for _, e := range flow.Events {
		if sel, ok := e.Instr.(*ssa.Select); ok {
			if edges := selectSendEdges(sel, flow); len(edges) > 0 {
				for _, e := range edges {
					registered[e] = true
				}
				continue
			}
		}
		if b := e.Instr.Block(); b != nil {
			reg[b] = true
		}
	}
	scc := loopComponents(fn)
	bit := make(map[*ssa.Call]uint)
	blockBits := make(map[*ssa.BasicBlock]uint64)
	for _, call := range flow.Polls {
		b := call.Block()
		if b == nil {
			continue
		}
		if comp := scc[b]; comp != nil {
			for _, x := range comp {
				reg[x] = true
			}
			continue
		}
		if len(bit) >= 64 {
			reg[b] = true
			continue
		}
		bit[call] = uint(len(bit))
		blockBits[b] |= 1 << bit[call]
	}
	kill := make(map[edge]uint64)
	killBy := make(map[edge]*ssa.Call)
	for _, b := range fn.Blocks {
		iff, ok := lastInstr(b).(*ssa.If)
		if !ok || len(b.Succs) != 2 {
			continue
		}
		if i, ok := willWakeTest(iff.Cond, flow); ok {
			registered[edge{b, i}] = true
			continue
		}
		call, readyOnTrue, ok := readyTest(iff.Cond)
		if !ok {
			continue
		}
		k, ok := bit[call]
		if !ok {
			continue
		}
		e := edge{b, 1}
		if readyOnTrue {
			e = edge{b, 0}
		}
		kill[e] |= 1 << k
		killBy[e] = call
	}

	// killed is a child poll known Ready on this path, within the region
	// its Ready edge leads into.
	type killed struct {
		bit    uint
		region *ssa.BasicBlock
	}
	conds := newFieldConds(fn)
	type key struct {
		b, pred      *ssa.BasicBlock
		mask, killed uint64
		known, vals  uint32
	}
	type state struct {
		b, pred     *ssa.BasicBlock
		mask        uint64
		killed      []killed
		known, vals uint32    // what branches said about fields (fieldConds)
		ready       *ssa.Call // the last child poll whose Ready edge this path took
	}
	seen := make(map[key]bool)
	bad := make(map[*ssa.Return]*ssa.Call)
	var order []*ssa.Return
	stack := []state{{b: fn.Blocks[0]}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		mask := s.mask
		var still []killed
		var killedMask uint64
		for _, k := range s.killed {
			if k.region.Dominates(s.b) {
				still = append(still, k)
				killedMask |= 1 << k.bit
			} else {
				mask |= 1 << k.bit // left the Ready region: possibly Pending again
			}
		}
		known := s.known &^ conds.inval[s.b]
		vals := s.vals & known
		k := key{b: s.b, mask: mask, killed: killedMask, known: known, vals: vals}
		ret, isRet := lastInstr(s.b).(*ssa.Return)
		if isRet {
			// The returned value may be a phi choosing by predecessor:
			// keep paths from different predecessors apart.
			k.pred = s.pred
		}
		if seen[k] {
			continue
		}
		if len(seen) >= maxStates {
			return
		}
		seen[k] = true
		if reg[s.b] {
			continue
		}
		mask |= blockBits[s.b]
		if isRet {
			if _, dup := bad[ret]; !dup && mask == 0 && c.returnsPending(ret, s.pred) {
				bad[ret] = s.ready
				order = append(order, ret)
			}
			continue
		}
		test, tested := conds.test[s.b]
		for i, succ := range s.b.Succs {
			e := edge{s.b, i}
			if registered[e] {
				continue
			}
			next := state{b: succ, pred: s.b, mask: mask, killed: still, known: known, vals: vals, ready: s.ready}
			if tested {
				// On edge 0 the condition holds: the field's fact is
				// trueWhen; on edge 1 it is the opposite.
				fact := test.trueWhen == (i == 0)
				bit := uint32(1) << test.idx
				if known&bit != 0 {
					if (vals&bit != 0) != fact {
						continue // contradicts what this path already knows
					}
				} else {
					next.known |= bit
					if fact {
						next.vals |= bit
					}
				}
			}
			if hit := mask & kill[e]; hit != 0 {
				next.mask &^= hit
				next.killed = append([]killed(nil), still...)
				for b := uint(0); b < 64; b++ {
					if hit&(1<<b) != 0 {
						next.killed = append(next.killed, killed{bit: b, region: succ})
					}
				}
				next.ready = killBy[e]
			}
			stack = append(stack, next)
		}
	}
	slices.SortFunc(order, func(a, b *ssa.Return) int { return cmp.Compare(a.Pos(), b.Pos()) })
	name := pollName(fn)
	for _, ret := range order {
		line := c.line(ret.Pos())
		if line == 0 {
			line = c.line(fn.Pos())
		}
		var msg string
		if child := bad[ret]; child != nil {
			msg = fmt.Sprintf("%s returns Pending at line %d after the child polled at line %d returned Ready, without registering %s.Waker(): a Ready child registered nothing, so the task will never be polled again; poll the next child now, or wake %s.Waker() to be polled again",
				name, line, c.line(child.Pos()), cx.Name(), cx.Name())
		} else {
			msg = fmt.Sprintf("%s returns Pending at line %d without registering %s.Waker(): the task will never be polled again; store the waker where the event being waited for will wake it, poll a child that returns Pending, or wake it to yield",
				name, line, cx.Name())
		}
		c.report(ret.Pos(), fn.Pos(), msg)
	}
}

// returnsPending reports whether ret, reached from pred, returns a Poll known
// to be Pending. A phi of the return block is resolved along the edge from
// pred: `res := Pending(); if ok { res = Ready(v) }; return res` is Pending
// only on one of its paths.
func (c *checker) returnsPending(ret *ssa.Return, pred *ssa.BasicBlock) bool {
	if len(ret.Results) != 1 {
		return false
	}
	v := ret.Results[0]
	if phi, ok := v.(*ssa.Phi); ok && phi.Block() == ret.Block() && pred != nil {
		for i, p := range phi.Block().Preds {
			if p == pred && i < len(phi.Edges) {
				v = phi.Edges[i]
				break
			}
		}
	}
	return c.wf.KnownPending(v)
}

// boolBase strips negations and comparisons with true or false from a
// branch condition: it returns the underlying boolean value and whether the
// condition is true when that value is true.
func boolBase(cond ssa.Value) (ssa.Value, bool) {
	same := true
	for depth := 0; depth < 8; depth++ {
		switch c := cond.(type) {
		case *ssa.UnOp:
			if c.Op != token.NOT {
				return cond, same
			}
			cond, same = c.X, !same
			continue
		case *ssa.BinOp:
			if c.Op != token.EQL && c.Op != token.NEQ {
				return cond, same
			}
			x, y := c.X, c.Y
			if _, ok := x.(*ssa.Const); ok {
				x, y = y, x
			}
			k, ok := y.(*ssa.Const)
			if !ok || k.Value == nil || k.Value.String() != "true" && k.Value.String() != "false" {
				return cond, same
			}
			// x == true and x != false mean x; the other two negate it.
			if (c.Op == token.EQL) != (k.Value.String() == "true") {
				same = !same
			}
			cond = x
			continue
		}
		return cond, same
	}
	return cond, same
}

// readyTest recognizes a branch condition testing whether a child poll
// returned Ready: p.IsReady() or the ok of p.Value(), possibly negated. It
// returns the poll call and whether the condition is true when the child
// is Ready.
func readyTest(cond ssa.Value) (*ssa.Call, bool, bool) {
	base, same := boolBase(cond)
	var recv ssa.Value
	switch c := base.(type) {
	case *ssa.Call:
		if fn, _ := asyncapi.Callee(&c.Call); asyncapi.IsMethod(fn, "Poll", "IsReady") && len(c.Call.Args) == 1 {
			recv = c.Call.Args[0]
		}
	case *ssa.Extract:
		if call, ok := c.Tuple.(*ssa.Call); ok && c.Index == 1 {
			if fn, _ := asyncapi.Callee(&call.Call); asyncapi.IsMethod(fn, "Poll", "Value") && len(call.Call.Args) == 1 {
				recv = call.Call.Args[0]
			}
		}
	}
	if p, ok := recv.(*ssa.Call); ok {
		return p, same, true
	}
	return nil, false, false
}

// willWakeTest recognizes a branch condition comparing the waker with a
// stored one through WillWake (`f.w.WillWake(cx.Waker())`): on the edge
// where it holds, the waker that is stored already wakes this task. It
// returns the successor index of that edge.
func willWakeTest(cond ssa.Value, flow *wakerfacts.Flow) (int, bool) {
	base, same := boolBase(cond)
	c, ok := base.(*ssa.Call)
	if !ok {
		return 0, false
	}
	fn, _ := asyncapi.Callee(&c.Call)
	if !asyncapi.IsMethod(fn, "Waker", "WillWake") || len(c.Call.Args) != 2 {
		return 0, false
	}
	if !flow.Carries(c.Call.Args[0]) && !flow.Carries(c.Call.Args[1]) {
		return 0, false
	}
	if same {
		return 0, true
	}
	return 1, true
}

// selectSendEdges returns the edges entering the cases of sel that send a
// carrying value: a select sends only in the case it chooses, so `default:
// return Pending` after `case ch <- cx.Waker():` has registered nothing.
// go/ssa compares the chosen index (extract #0) with each case's number;
// when it finds no such comparison for a sending case it returns nil and
// the whole select counts as sending.
func selectSendEdges(sel *ssa.Select, flow *wakerfacts.Flow) []edge {
	var cases []int
	for i, st := range sel.States {
		if st.Dir == types.SendOnly && st.Send != nil && flow.Carries(st.Send) {
			cases = append(cases, i)
		}
	}
	refs := sel.Referrers()
	if refs == nil {
		return nil
	}
	found := make(map[int]edge)
	for _, r := range *refs {
		idx, ok := r.(*ssa.Extract)
		if !ok || idx.Index != 0 || idx.Referrers() == nil {
			continue
		}
		for _, r := range *idx.Referrers() {
			cmp, ok := r.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL || cmp.Referrers() == nil {
				continue
			}
			k, ok := cmp.Y.(*ssa.Const)
			if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
				continue
			}
			n, exact := constant.Int64Val(k.Value)
			if !exact {
				continue
			}
			for _, r := range *cmp.Referrers() {
				if iff, ok := r.(*ssa.If); ok && iff.Block() != nil && len(iff.Block().Succs) == 2 {
					found[int(n)] = edge{iff.Block(), 0}
				}
			}
		}
	}
	var edges []edge
	for _, c := range cases {
		e, ok := found[c]
		if !ok {
			return nil
		}
		edges = append(edges, e)
	}
	return edges
}

// loopComponents maps each block that lies on a cycle of fn's control-flow
// graph to the blocks of its strongly connected component (the loop, with
// the loops nested in it).
func loopComponents(fn *ssa.Function) map[*ssa.BasicBlock][]*ssa.BasicBlock {
	// Tarjan's strongly connected components, iteratively: a block is on a
	// cycle when its component has more than one block or it is its own
	// successor.
	index := make(map[*ssa.BasicBlock]int)
	low := make(map[*ssa.BasicBlock]int)
	onStack := make(map[*ssa.BasicBlock]bool)
	var sccStack []*ssa.BasicBlock
	loops := make(map[*ssa.BasicBlock][]*ssa.BasicBlock)
	next := 0
	type frame struct {
		b *ssa.BasicBlock
		i int
	}
	for _, root := range fn.Blocks {
		if _, done := index[root]; done {
			continue
		}
		work := []frame{{b: root}}
		index[root], low[root] = next, next
		next++
		sccStack = append(sccStack, root)
		onStack[root] = true
		for len(work) > 0 {
			f := &work[len(work)-1]
			if f.i < len(f.b.Succs) {
				s := f.b.Succs[f.i]
				f.i++
				if _, visited := index[s]; !visited {
					index[s], low[s] = next, next
					next++
					sccStack = append(sccStack, s)
					onStack[s] = true
					work = append(work, frame{b: s})
				} else if onStack[s] && index[s] < low[f.b] {
					low[f.b] = index[s]
				}
				continue
			}
			b := f.b
			work = work[:len(work)-1]
			if len(work) > 0 {
				if p := work[len(work)-1].b; low[b] < low[p] {
					low[p] = low[b]
				}
			}
			if low[b] != index[b] {
				continue
			}
			var comp []*ssa.BasicBlock
			for {
				top := sccStack[len(sccStack)-1]
				sccStack = sccStack[:len(sccStack)-1]
				onStack[top] = false
				comp = append(comp, top)
				if top == b {
					break
				}
			}
			if len(comp) > 1 {
				for _, x := range comp {
					loops[x] = comp
				}
			} else {
				for _, s := range b.Succs {
					if s == b {
						loops[b] = comp
					}
				}
			}
		}
	}
	return loops
}

// pollName names fn in messages: "Poll", "PollNext", or "this poll
// function" for a literal or a function with the poll signature.
func pollName(fn *ssa.Function) string {
	if fn.Parent() == nil && fn.Signature.Recv() != nil {
		return fn.Name()
	}
	return "this poll function"
}
