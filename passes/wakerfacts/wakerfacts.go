// Package wakerfacts computes, bottom-up and across packages, which
// functions keep or wake the waker they are given, and offers the value
// tracking behind it (Trace) to the checks that need to know where a Poll
// method's waker goes.
//
// For every named function with a *asyncrt.Waker or *asyncrt.Context
// parameter that does not itself return an asyncrt.Poll, the analyzer
// exports
//
//   - KeepsWaker when, on some path, the waker received through such a
//     parameter (or the Context's Waker()) is stored where it outlives the
//     call (a field, a package variable, a map, a slice, a channel, a
//     closure or struct that goes to one of those), woken, handed to a
//     goroutine or to code it cannot see, or used to poll a child future;
//   - ReturnsWaker when the result carries it (asyncrt.NewContext(w), a
//     helper `wakerOf(cx)`).
//
// Functions returning asyncrt.Poll are not given KeepsWaker: a caller that
// passes them its Context is polling a child, which registers the waker
// only when it returns Pending, and checks must see that distinction.
// Functions that return a Poll and take no Context get AlwaysPending when
// every return is Pending.
//
// Within the package under analysis the same summaries are computed on
// demand from the SSA bodies, for any parameter and for closures' free
// variables, so helpers taking the waker inside a struct or a slice are
// understood too. Across packages only the facts travel: passing a waker,
// or a value holding one, to an imported function without a fact is
// treated as keeping it unless the parameter is typed *Waker or *Context
// (then the fact would exist) or the function is in fmt, log, log/slog or
// errors. Unknown code is assumed to register so that it never causes a
// report.
package wakerfacts

import (
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncapi"
)

var Analyzer = &analysis.Analyzer{
	Name:       "wakerfacts",
	Doc:        "computes which functions keep or wake the asyncrt waker they receive",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(KeepsWaker), new(ReturnsWaker), new(AlwaysPending)},
}

// Result answers fact queries for functions of this package and its
// dependencies, and traces wakers through this package's SSA bodies.
type Result struct {
	pass      *analysis.Pass
	pkg       *ssa.Package
	summaries map[ssa.Value]*summary
	pending   map[*ssa.Function]int8 // 0 unknown, 1 computing, 2 yes, 3 no
	keeps     map[*types.Func]*KeepsWaker
	returns   map[*types.Func]*ReturnsWaker
}

// summary is what a same-package function does with the waker arriving
// through one parameter or free variable.
type summary struct {
	keeps   bool
	how     string
	returns bool
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{
		pass:      pass,
		pkg:       ssainfo.Pkg,
		summaries: make(map[ssa.Value]*summary),
		pending:   make(map[*ssa.Function]int8),
		keeps:     make(map[*types.Func]*KeepsWaker),
		returns:   make(map[*types.Func]*ReturnsWaker),
	}
	for _, fn := range ssainfo.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || obj.Pkg() != pass.Pkg {
			continue
		}
		r.computeFacts(fn, obj)
	}
	return r, nil
}

func (r *Result) computeFacts(fn *ssa.Function, obj *types.Func) {
	sig := fn.Signature
	returnsPoll := sig.Results().Len() == 1 && isPoll(sig.Results().At(0).Type())
	if returnsPoll {
		if !takesContext(fn) && r.alwaysPending(fn) {
			r.pass.ExportObjectFact(obj, new(AlwaysPending))
		}
		return
	}
	var keeps KeepsWaker
	var rets ReturnsWaker
	for i, p := range fn.Params {
		if !tracked(p.Type()) {
			continue
		}
		if len(fn.Blocks) == 0 {
			// No body (assembly, linkname): nothing to see, so assume the
			// worst for callers, which is to assume it registers.
			keeps.Params = append(keeps.Params, KeptParam{Index: i, Name: p.Name(), How: "escapes"})
			continue
		}
		s := r.summary(p)
		if s.keeps {
			keeps.Params = append(keeps.Params, KeptParam{Index: i, Name: p.Name(), How: s.how})
		}
		if s.returns {
			rets.Params = append(rets.Params, i)
			rets.Names = append(rets.Names, p.Name())
		}
	}
	if len(keeps.Params) > 0 {
		r.keeps[obj] = &keeps
		r.pass.ExportObjectFact(obj, &keeps)
	}
	if len(rets.Params) > 0 {
		r.returns[obj] = &rets
		r.pass.ExportObjectFact(obj, &rets)
	}
}

// summary returns (computing once) what root's function does with the
// waker arriving through root, a parameter or free variable of a function
// of this package. A recursive query sees an empty summary: recursion adds
// no way of keeping the waker that the non-recursive paths do not show.
func (r *Result) summary(root ssa.Value) *summary {
	if s, ok := r.summaries[root]; ok {
		return s
	}
	s := new(summary)
	r.summaries[root] = s
	var fn *ssa.Function
	switch v := root.(type) {
	case *ssa.Parameter:
		fn = v.Parent()
	case *ssa.FreeVar:
		fn = v.Parent()
	}
	if fn == nil || len(fn.Blocks) == 0 {
		return s
	}
	flow := r.Trace(fn, root)
	if len(flow.Events) > 0 {
		s.keeps = true
		s.how = flow.Events[0].Kind.verb()
	} else if len(flow.Polls) > 0 {
		s.keeps = true
		s.how = "polls"
	}
	s.returns = flow.Returns
	return s
}

// body returns the SSA function with a body in this package that a call to
// callee runs (the generic origin for an instantiation), or nil.
func (r *Result) body(callee *ssa.Function) *ssa.Function {
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if callee.Pkg != r.pkg || r.pkg == nil || len(callee.Blocks) == 0 {
		return nil
	}
	return callee
}

// KeepsFact returns the KeepsWaker fact of fn (its origin), from this
// package's computation or from the dependency's facts, or nil.
func (r *Result) KeepsFact(fn *types.Func) *KeepsWaker {
	fn = fn.Origin()
	if fn.Pkg() == r.pass.Pkg {
		return r.keeps[fn]
	}
	f := new(KeepsWaker)
	if r.pass.ImportObjectFact(fn, f) {
		return f
	}
	return nil
}

// ReturnsFact returns the ReturnsWaker fact of fn (its origin), or nil.
func (r *Result) ReturnsFact(fn *types.Func) *ReturnsWaker {
	fn = fn.Origin()
	if fn.Pkg() == r.pass.Pkg {
		return r.returns[fn]
	}
	f := new(ReturnsWaker)
	if r.pass.ImportObjectFact(fn, f) {
		return f
	}
	return nil
}

// KnownPending reports whether v, an asyncrt.Poll value, is Pending
// whichever way control reached it: a call of asyncrt.Pending, the zero
// Poll (asyncrt defines Pending as the zero value), a call of a function
// with the AlwaysPending fact, or a phi all of whose edges are known
// Pending. It is deliberately narrow: a Poll that is Pending only on some
// paths (a child's result) is not known Pending.
func (r *Result) KnownPending(v ssa.Value) bool {
	return r.knownPending(v, make(map[ssa.Value]bool))
}

func (r *Result) knownPending(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true // a cycle of phis adds no non-Pending value
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Const:
		return v.Value == nil && isPoll(v.Type())
	case *ssa.Phi:
		if len(v.Edges) == 0 {
			return false
		}
		for _, e := range v.Edges {
			if !r.knownPending(e, seen) {
				return false
			}
		}
		return true
	case *ssa.UnOp:
		// A function with defers returns its result through a local:
		// `*t0 = Pending(); rundefers; t1 = *t0; return t1`. Look for the
		// last store to that local before the load, in the same block. A
		// local captured by a closure (a named result a deferred func may
		// change) is not followed.
		alloc, ok := v.X.(*ssa.Alloc)
		if v.Op != token.MUL || !ok || alloc.Heap || v.Block() == nil {
			return false
		}
		instrs := v.Block().Instrs
		for i := len(instrs) - 1; i >= 0; i-- {
			if instrs[i] != v {
				continue
			}
			for j := i - 1; j >= 0; j-- {
				if st, ok := instrs[j].(*ssa.Store); ok && st.Addr == alloc {
					return r.knownPending(st.Val, seen)
				}
			}
			break
		}
		return false
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil {
			return false
		}
		if body := r.body(callee); body != nil {
			return !takesContext(body) && r.alwaysPending(body)
		}
		obj, ok := callee.Object().(*types.Func)
		if !ok {
			return false
		}
		if asyncapi.IsFunc(obj, "Pending") {
			return true
		}
		return obj.Pkg() != r.pass.Pkg && r.pass.ImportObjectFact(obj.Origin(), new(AlwaysPending))
	}
	return false
}

// alwaysPending reports whether every return of fn (a function of this
// package returning a Poll) is known Pending.
func (r *Result) alwaysPending(fn *ssa.Function) bool {
	switch r.pending[fn] {
	case 1:
		return false
	case 2:
		return true
	case 3:
		return false
	}
	r.pending[fn] = 1
	ok, any := true, false
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !isRet {
			continue
		}
		any = true
		if len(ret.Results) != 1 || !r.KnownPending(ret.Results[0]) {
			ok = false
			break
		}
	}
	ok = ok && any
	if ok {
		r.pending[fn] = 2
	} else {
		r.pending[fn] = 3
	}
	return ok
}

func isPoll(t types.Type) bool {
	_, ok := asyncapi.PollResult(t)
	return ok
}

func takesContext(fn *ssa.Function) bool {
	for _, p := range fn.Params {
		if asyncapi.IsContext(p.Type()) {
			return true
		}
	}
	return false
}

// TrackedRoots returns fn's parameters and free variables typed
// *asyncrt.Waker or *asyncrt.Context: where wakers enter a function.
func TrackedRoots(fn *ssa.Function) []ssa.Value {
	var roots []ssa.Value
	for _, p := range fn.Params {
		if tracked(p.Type()) {
			roots = append(roots, p)
		}
	}
	for _, fv := range fn.FreeVars {
		if tracked(fv.Type()) {
			roots = append(roots, fv)
		}
	}
	return roots
}
