package missingwake

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/wakerfacts"
)

// recordStores remembers the stores of a waker into a field of this
// package that only this package can read: unexported fields holding a
// *asyncrt.Waker, or a slice, array or map of them.
func (c *checker) recordStores(flow *wakerfacts.Flow) {
	for _, e := range flow.Events {
		f := e.Field
		if e.Kind != wakerfacts.Stored || f == nil || f.Exported() || f.Pkg() != c.pass.Pkg || !holdsWakers(f.Type()) {
			continue
		}
		c.stores[f] = append(c.stores[f], e)
	}
}

// holdsWakers reports whether t is *asyncrt.Waker or a slice, array or map
// (value) of them. Channels are left out: whoever receives may live in any
// package, since a channel's two ends are usually handed out separately.
func holdsWakers(t types.Type) bool {
	if asyncapi.IsWaker(t) {
		return true
	}
	switch t := t.Underlying().(type) {
	case *types.Slice:
		return asyncapi.IsWaker(t.Elem())
	case *types.Array:
		return asyncapi.IsWaker(t.Elem())
	case *types.Map:
		return asyncapi.IsWaker(t.Elem())
	}
	return false
}

// reportLost reports the waker stores into fields that nothing in the
// package reads in order to wake the waker or hand it on. Such a waker is
// kept but can never be woken: the task is as lost as if it had not been
// stored at all, and the store hides that from the path search.
//
// A read "uses" the waker when the loaded value (or an element of it)
// reaches a call (Wake, or any function it is handed to), a store
// elsewhere, a channel send, a return or a closure. Comparing it with nil,
// asking WillWake, taking len, and writing it back into the same field (the
// append in `f.ws = append(f.ws, w)`) do not.
func (c *checker) reportLost(funcs []*ssa.Function) {
	if len(c.stores) == 0 {
		return
	}
	used := make(map[*types.Var]bool)
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var f *types.Var
				switch in := instr.(type) {
				case *ssa.FieldAddr:
					f = wakerfacts.FieldOf(in)
				case *ssa.Field:
					f = wakerfacts.FieldOf(in)
				default:
					continue
				}
				if f == nil || used[f] || c.stores[f] == nil {
					continue
				}
				if fieldRead(instr.(ssa.Value), f) {
					used[f] = true
				}
			}
		}
	}
	var fields []*types.Var
	for f := range c.stores {
		if !used[f] {
			fields = append(fields, f)
		}
	}
	// Report in source order of the first store, for stable output.
	for _, f := range sortedByPos(fields, c.stores) {
		for _, e := range c.stores[f] {
			if c.lostSeen[e.Instr] {
				continue
			}
			c.lostSeen[e.Instr] = true
			msg := fmt.Sprintf("the waker is %s, but nothing in this package reads %s to call Wake or hand it on: the task is never woken and never polled again; wake the stored waker when the event being waited for happens",
				e.What, f.Name())
			c.report(e.Instr.Pos(), e.Instr.Parent().Pos(), msg)
		}
	}
}

// fieldRead reports whether the field access v (a FieldAddr or a Field)
// reads the waker in a way that can wake it.
func fieldRead(v ssa.Value, f *types.Var) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	if _, isAddr := v.(*ssa.FieldAddr); !isAddr {
		return valueUsed(v, f, make(map[ssa.Value]bool))
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Val == v {
				return true // the field's address stored somewhere
			}
			// a write to the field
		case *ssa.UnOp:
			if r.Op == token.MUL && valueUsed(r, f, make(map[ssa.Value]bool)) {
				return true
			}
		case *ssa.DebugRef:
		case *ssa.FieldAddr, *ssa.IndexAddr:
			// the address of an element of an array field
			if addrUsed(r.(ssa.Value), f, make(map[ssa.Value]bool)) {
				return true
			}
		default:
			// &f.w handed to a function, captured, converted: the
			// waker can be read through it.
			return true
		}
	}
	return false
}

// addrUsed is fieldRead for the address of an element inside the field.
func addrUsed(v ssa.Value, f *types.Var, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return false
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Val == v {
				return true
			}
		case *ssa.UnOp:
			if r.Op == token.MUL && valueUsed(r, f, seen) {
				return true
			}
		case *ssa.DebugRef:
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if addrUsed(r.(ssa.Value), f, seen) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// valueUsed reports whether v, a waker or container of wakers read from
// field f, reaches a use that can wake it.
func valueUsed(v ssa.Value, f *types.Var, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return false
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef, *ssa.BinOp, *ssa.If:
			// comparisons (w != nil) do not wake
		case *ssa.Call:
			if callUses(v, &r.Call, r, f, seen) {
				return true
			}
		case *ssa.Defer:
			if callUses(v, &r.Call, nil, f, seen) {
				return true
			}
		case *ssa.Go:
			return true
		case *ssa.Store:
			if r.Val != v {
				continue // writing into the element v addresses
			}
			if wakerfacts.FieldOf(r.Addr) == f {
				if _, direct := r.Addr.(*ssa.FieldAddr); direct {
					continue // written back into the same field
				}
			}
			return true
		case *ssa.MapUpdate:
			if r.Map != v {
				return true
			}
		case *ssa.Send:
			if r.X == v {
				return true
			}
		case *ssa.UnOp:
			if (r.Op == token.MUL || r.Op == token.ARROW) && valueUsed(r, f, seen) {
				return true
			}
		case *ssa.Phi, *ssa.ChangeType, *ssa.Convert, *ssa.ChangeInterface, *ssa.MakeInterface,
			*ssa.TypeAssert, *ssa.Slice, *ssa.Index, *ssa.IndexAddr, *ssa.Lookup, *ssa.Range,
			*ssa.Next, *ssa.Extract, *ssa.Field, *ssa.FieldAddr, *ssa.SliceToArrayPointer, *ssa.MultiConvert:
			if valueUsed(r.(ssa.Value), f, seen) {
				return true
			}
		default:
			// returned, captured, sent in a select, panicked with:
			// handed on.
			return true
		}
	}
	return false
}

// callUses reports whether a call that receives v wakes or hands on the
// waker: everything but len, cap, delete, clear, WillWake and an append
// whose result is written back into f.
func callUses(v ssa.Value, common *ssa.CallCommon, result *ssa.Call, f *types.Var, seen map[ssa.Value]bool) bool {
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "len", "cap", "delete", "clear":
			return false
		case "append":
			return result != nil && valueUsed(result, f, seen)
		case "copy":
			return len(common.Args) == 2 && common.Args[1] == v
		}
		return true
	}
	if fn, _ := asyncapi.Callee(common); asyncapi.IsMethod(fn, "Waker", "WillWake") {
		return false
	}
	return true
}

func sortedByPos(fields []*types.Var, stores map[*types.Var][]wakerfacts.Event) []*types.Var {
	slices.SortFunc(fields, func(a, b *types.Var) int {
		return cmp.Compare(stores[a][0].Instr.Pos(), stores[b][0].Instr.Pos())
	})
	return fields
}
