package droppedfuture

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncapi"
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
		if u.Op != token.MUL {
			return
		}
		if e.cell {
			t.derive(u, e) // a load of the variable
		} else if _, ok := asyncapi.FutureResult(u.Type()); ok {
			t.derive(u, e) // *p, a copy of the future p points to
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
	case *ssa.Call:
		if !e.cell && isBuilderStep(&u.Call, e.v) {
			t.derive(u, e) // the builder returns the future it was given
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
		switch u.Op {
		case token.MUL:
			if _, ok := t.byValue[u]; ok {
				return effCopy // a load of the variable, or a copy
			}
			return effNone // reading what a pointer future points to
		case token.ARROW:
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
	case *ssa.Call:
		if e.cell {
			return effConsume
		}
		if isBuilderStep(&u.Call, e.v) {
			return effCopy
		}
		if isStatusQuery(&u.Call, e.v) {
			return effNone
		}
	}
	return effConsume
}

// isBuilderStep reports whether call is a method returning its receiver
// (req.Header(k, v) returning req) called on v, and v is passed only as
// that receiver: the result is the same future, handed back, not handed on.
func isBuilderStep(call *ssa.CallCommon, v ssa.Value) bool {
	if call.IsInvoke() || !returnsReceiver(call) || len(call.Args) == 0 || call.Args[0] != v {
		return false
	}
	for _, a := range call.Args[1:] {
		if a == v {
			return false
		}
	}
	return true
}

// isStatusQuery reports whether call asks the JoinHandle v whether its task
// finished: a read that neither joins nor aborts the task.
func isStatusQuery(call *ssa.CallCommon, v ssa.Value) bool {
	fn, _ := asyncapi.Callee(call)
	return asyncapi.IsMethod(fn, "JoinHandle", "IsFinished") && len(call.Args) == 1 && call.Args[0] == v
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
