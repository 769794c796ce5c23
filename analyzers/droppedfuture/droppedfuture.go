package droppedfuture

import (
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/passes/asyncapi"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "droppedfuture",
	Run:  run,
	Requires: []*analysis.Analyzer{
		buildssa.Analyzer,
		inspect.Analyzer,
		generated.Analyzer,
		tokenfile.Analyzer, // report.Report looks files up through it
	},
}, doc)

// Analyzer reports futures that are created and never awaited, polled,
// spawned or handed on.
var Analyzer = Check.Analyzer

// The check is written against SSA rather than the syntax because a future
// is a value, not a variable: SSA gives its uses directly (the referrers),
// follows it through assignments, phis and conversions, and separates the
// instance created by one loop iteration from the next one. The syntax is
// only consulted to describe a finding and to build its fix.
func run(pass *analysis.Pass) (any, error) {
	if !asyncapi.SeesAsyncrt(pass.Pkg) {
		return nil, nil // no future type can appear in this package
	}
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	in, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if ssainfo == nil || ssainfo.Pkg == nil || in == nil {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		syntax:   newSyntaxIndex(pass, in),
		kinds:    newKinds(),
		closures: newClosureCache(),
	}
	funcs := ssainfo.SrcFuncs
	// Package-level initializers (var x = fetch()) live in the synthetic
	// init function, which SrcFuncs leaves out.
	if init := ssainfo.Pkg.Func("init"); init != nil {
		funcs = append(funcs[:len(funcs):len(funcs)], init)
	}
	for _, fn := range funcs {
		c.checkFunc(fn)
	}
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	syntax   *syntaxIndex
	kinds    *kinds
	closures *closureCache
}

// source is one future created by a call.
type source struct {
	call  ssa.CallInstruction
	index int // result index for a call with several results, else -1
	typ   types.Type
	kind  futureKind
	// v is the future value (the call, or the extract of its result), nil
	// when the result is never even extracted.
	v ssa.Value
}

// checkFunc finds the futures created in fn and reports those dropped.
func (c *checker) checkFunc(fn *ssa.Function) {
	if fn == nil || fn.Blocks == nil {
		return // no body (assembly, linkname) or not built
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			for _, s := range c.sources(call) {
				c.checkSource(fn, s)
			}
		}
	}
}

// sources lists the futures that call creates.
func (c *checker) sources(call ssa.CallInstruction) []source {
	common := call.Common()
	if common == nil || common.Signature() == nil || returnsReceiver(common) {
		return nil
	}
	results := common.Signature().Results()
	var out []source
	for i := 0; i < results.Len(); i++ {
		t := results.At(i).Type()
		k := c.kinds.of(t)
		if k == notFuture || (k == erringHandle && joinSetKeeps(common)) {
			continue
		}
		s := source{call: call, index: -1, typ: t, kind: k}
		v, isValue := call.(*ssa.Call)
		switch {
		case !isValue: // go or defer: the results are discarded
			if results.Len() > 1 {
				s.index = i
			}
			out = append(out, s)
		case results.Len() == 1:
			s.v = v
			out = append(out, s)
		default:
			s.index = i
			found := false
			for _, r := range referrersOf(v) {
				if x, ok := r.(*ssa.Extract); ok && x.Index == i {
					s.v, found = x, true
					out = append(out, s)
				}
			}
			if !found {
				out = append(out, s) // `_, err := mk()`
			}
		}
	}
	return out
}

// returnsReceiver reports whether the call is to a method whose result has
// the type of its receiver: a builder step (req.Header(k, v)) that returns
// the future it was called on rather than a new one. Dropping that result
// drops nothing.
func returnsReceiver(common *ssa.CallCommon) bool {
	var sig *types.Signature
	if common.IsInvoke() {
		if common.Method == nil {
			return false
		}
		sig, _ = common.Method.Type().(*types.Signature)
	} else if f := common.StaticCallee(); f != nil {
		sig = f.Signature
	}
	if sig == nil || sig.Recv() == nil || sig.Results().Len() != 1 {
		return false
	}
	return types.Identical(sig.Recv().Type(), sig.Results().At(0).Type())
}

// joinSetKeeps reports whether the call is (*JoinSet).Spawn or SpawnNamed:
// the set keeps the task and hands its error to JoinNext, so the handle
// returned as well may be dropped without losing anything.
func joinSetKeeps(common *ssa.CallCommon) bool {
	fn, _ := asyncapi.Callee(common)
	return asyncapi.IsMethod(fn, "JoinSet", "Spawn") || asyncapi.IsMethod(fn, "JoinSet", "SpawnNamed")
}

// checkSource decides whether s is dropped and reports it.
func (c *checker) checkSource(fn *ssa.Function, s source) {
	if s.v == nil || len(referrersOf(s.v)) == 0 {
		if neverReturns(s.call) {
			return // the result of a call that cannot return is never made
		}
		c.report(fn, s, nil)
		return
	}
	t := newTracker(s.v, c.closures)
	d := t.search()
	if d == nil || d.kind == dropUnanalyzed {
		return
	}
	c.report(fn, s, d)
}

// neverReturns reports whether the SSA builder ended the block after call
// because the callee never returns (log.Fatal-like, per ctrlflow): it emits
// a panic carrying the call's own position right after the call.
func neverReturns(call ssa.CallInstruction) bool {
	b := call.Block()
	if b == nil || len(b.Instrs) == 0 {
		return false
	}
	p, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
	return ok && p.Pos() == call.Pos() && call.Pos().IsValid()
}

// futureKind says whether and how a type is a future the check follows.
type futureKind int

const (
	notFuture futureKind = iota
	plainFuture
	// erringHandle is a *JoinHandle[T] whose T is or contains an error:
	// the task already runs, but dropping the handle loses its error.
	erringHandle
)

// kinds caches the classification of result types.
type kinds struct {
	m map[types.Type]futureKind
}

func newKinds() *kinds { return &kinds{m: make(map[types.Type]futureKind)} }

func (k *kinds) of(t types.Type) futureKind {
	if r, ok := k.m[t]; ok {
		return r
	}
	r := classify(t)
	k.m[t] = r
	return r
}

func classify(t types.Type) futureKind {
	if elem, ok := asyncapi.IsJoinHandle(t); ok {
		// Detaching a spawned task is legitimate, unless the task's
		// outcome carries an error nobody will see.
		if elem != nil && carriesError(elem, 0) {
			return erringHandle
		}
		return notFuture
	}
	if _, ok := asyncapi.FutureResult(t); ok {
		return plainFuture
	}
	return notFuture
}

// carriesError reports whether a value of type t is an error or contains
// one: a field of a struct (asyncrt.Result has Err), an element of an
// array, slice or map, or what a pointer points to.
func carriesError(t types.Type, depth int) bool {
	if t == nil || depth > 8 {
		return false
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		// Unknown until instantiated: a type parameter constrained by
		// error is one, anything else may not be.
		return types.Implements(t, errorIface)
	}
	if types.Implements(t, errorIface) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if carriesError(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	case *types.Pointer:
		return carriesError(u.Elem(), depth+1)
	case *types.Array:
		return carriesError(u.Elem(), depth+1)
	case *types.Slice:
		return carriesError(u.Elem(), depth+1)
	case *types.Map:
		return carriesError(u.Elem(), depth+1)
	}
	return false
}

var errorIface = errorType.Underlying().(*types.Interface)
