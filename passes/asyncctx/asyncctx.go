// Package asyncctx is an analysis pass that decides, for every SSA function of
// a package (named functions, methods and function literals), whether its
// body runs on an executor worker of the asyncrt runtime, and why.
//
// A body runs on a worker when it is:
//
//   - CoBody: a function, method or literal with a *asyncrt.Co parameter, i.e.
//     an async function. Its body runs on a worker between awaits.
//   - PollMethod: the Poll method of a type implementing asyncrt.Future, or
//     the PollNext method of a type implementing asyncrt.Stream.
//   - PollFunc: any other function or literal with the poll signature
//     func(*asyncrt.Context) asyncrt.Poll[T] (a future written as a function,
//     as poll-fn adapters take it).
//   - Inline: a function literal, nested in a body that runs on a worker, that
//     can only run synchronously inside it: every use of the literal is a
//     direct call or a defer in the enclosing body, or it is the body of a
//     range-over-func loop there. Such literals run on the same worker, at
//     the point they are called.
//
// Everything else is NotAsync. In particular these are not async, although
// they are often written inside async functions:
//
//   - literals passed to asyncrt.SpawnBlocking (they run on the bounded
//     blocking pool, which is where blocking work belongs);
//   - bodies of go statements (they run on their own goroutine; a go
//     statement that captures the *Co is a different bug, reported by the
//     coescape check);
//   - literals stored, returned or passed to any other function: where and
//     when they run is unknown, so nothing is assumed.
//
// The runtime's own package (and its subpackages) is never async context:
// that is where suspension is implemented out of primitives that would block
// anywhere else.
//
// The pass is a single linear walk over buildssa's function list with no
// facts, so it costs next to nothing on packages that do not use asyncrt.
package asyncctx

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncapi"
)

// Analyzer computes a *Result for the package.
var Analyzer = &analysis.Analyzer{
	Name:       "asyncctx",
	Doc:        "find the SSA functions whose bodies run on an asyncrt executor worker",
	URL:        "https://github.com/asynclint/asynclint/tree/main/passes/asyncctx",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

// Kind says whether, and why, a function body runs on an executor worker.
type Kind uint8

const (
	// NotAsync: the body does not (or is not known to) run on a worker.
	NotAsync Kind = iota
	// CoBody: the function takes a *asyncrt.Co; it is an async function.
	CoBody
	// PollMethod: Poll of a Future implementation or PollNext of a Stream.
	PollMethod
	// PollFunc: a non-method function or literal shaped
	// func(*asyncrt.Context) asyncrt.Poll[T].
	PollFunc
	// Inline: a literal that only runs synchronously inside async code.
	Inline
)

// Async reports whether k is any of the kinds that run on a worker.
func (k Kind) Async() bool { return k != NotAsync }

func (k Kind) String() string {
	switch k {
	case NotAsync:
		return "not async"
	case CoBody:
		return "async function"
	case PollMethod:
		return "poll method"
	case PollFunc:
		return "poll function"
	case Inline:
		return "inline in async code"
	}
	return "Kind(?)"
}

// info is what the pass knows about one async function.
type info struct {
	kind Kind
	co   *ssa.Parameter // the *Co parameter (CoBody)
	cx   *ssa.Parameter // the *Context parameter (PollMethod, PollFunc)
	// coVal is the *Co usable in the body: co, a captured *Co, or (Inline)
	// the enclosing async function's.
	coVal ssa.Value
	// outer is, for Inline, the enclosing function it runs inside.
	outer *ssa.Function
}

// Result answers, for the functions of one package, whether they run on an
// executor worker. The zero of every query is the NotAsync answer, so asking
// about a function of another package or a synthetic wrapper is safe.
type Result struct {
	funcs map[*ssa.Function]*info
	order []*ssa.Function // async functions in buildssa's (source) order
}

// Kind reports whether fn runs on a worker, and why. An instantiation of a
// generic function is answered for its generic origin.
func (r *Result) Kind(fn *ssa.Function) Kind {
	if in := r.lookup(fn); in != nil {
		return in.kind
	}
	return NotAsync
}

// IsAsync reports whether fn's body runs on an executor worker.
func (r *Result) IsAsync(fn *ssa.Function) bool { return r.Kind(fn).Async() }

// CoParam returns fn's *asyncrt.Co parameter if fn is a CoBody, else nil.
func (r *Result) CoParam(fn *ssa.Function) *ssa.Parameter {
	if in := r.lookup(fn); in != nil {
		return in.co
	}
	return nil
}

// ContextParam returns the *asyncrt.Context parameter of a PollMethod or
// PollFunc, else nil.
func (r *Result) ContextParam(fn *ssa.Function) *ssa.Parameter {
	if in := r.lookup(fn); in != nil {
		return in.cx
	}
	return nil
}

// Co returns the *asyncrt.Co usable in fn's body: the CoBody's parameter, a
// *Co an Inline literal captures, or else, for an Inline literal, the one of
// the async function it is nested in (lexically in scope unless shadowed;
// callers writing code that names it must check the scope). Nil when fn is
// not async or no coroutine is in scope (poll methods).
func (r *Result) Co(fn *ssa.Function) ssa.Value {
	if in := r.lookup(fn); in != nil {
		return in.coVal
	}
	return nil
}

// Outer returns, for an Inline literal, the function whose body it runs in
// (itself possibly Inline); nil otherwise.
func (r *Result) Outer(fn *ssa.Function) *ssa.Function {
	if in := r.lookup(fn); in != nil {
		return in.outer
	}
	return nil
}

// AsyncFuncs returns the async functions of the package in buildssa's
// order: source order, each function followed by its literals. The slice is
// shared; do not modify it.
func (r *Result) AsyncFuncs() []*ssa.Function { return r.order }

// CalleeIsAsync reports whether the static callee of call is async code of
// this package (checks look at its body on their own, so a finding there is
// reported once, where it is, not again at every call). A method value or
// promoted method calls its method through a synthetic wrapper; the wrapped
// method is the one asked about.
func (r *Result) CalleeIsAsync(call *ssa.CallCommon) bool {
	f := call.StaticCallee()
	if f == nil {
		return false
	}
	if r.IsAsync(f) {
		return true
	}
	if obj, ok := f.Object().(*types.Func); ok && f.Synthetic != "" && f.Prog != nil {
		if src := f.Prog.FuncValue(obj.Origin()); src != nil {
			return r.IsAsync(src)
		}
	}
	return false
}

// InPoll reports whether fn runs inside a Poll method or poll function,
// itself or as a literal nested in one: there is no coroutine to await with.
func (r *Result) InPoll(fn *ssa.Function) bool {
	for f := fn; f != nil; f = r.Outer(f) {
		switch r.Kind(f) {
		case PollMethod, PollFunc:
			return true
		}
	}
	return false
}

func (r *Result) lookup(fn *ssa.Function) *info {
	if fn == nil || r == nil {
		return nil
	}
	if in, ok := r.funcs[fn]; ok {
		return in
	}
	if o := fn.Origin(); o != nil && o != fn {
		return r.funcs[o]
	}
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{funcs: make(map[*ssa.Function]*info)}
	if isRuntime(pass.Pkg) {
		return res, nil
	}
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if ssainfo == nil {
		return res, nil
	}
	// buildssa lists every function before the literals nested in it, so
	// an enclosing function is always classified before its literals.
	for _, fn := range ssainfo.SrcFuncs {
		if in := classify(res, fn); in != nil {
			res.funcs[fn] = in
			res.order = append(res.order, fn)
		}
	}
	return res, nil
}

// isRuntime reports whether pkg is asyncrt itself or one of its subpackages.
func isRuntime(pkg *types.Package) bool { return asyncapi.IsRuntimePackage(pkg) }

func classify(res *Result, fn *ssa.Function) *info {
	sig := fn.Signature
	if sig == nil {
		return nil
	}
	if i := asyncapi.CoParam(sig); i >= 0 {
		in := &info{kind: CoBody}
		// A method's receiver is Params[0]; the signature's params follow.
		j := i
		if sig.Recv() != nil {
			j++
		}
		if j < len(fn.Params) {
			in.co = fn.Params[j]
			in.coVal = in.co
		}
		return in
	}
	if obj, ok := fn.Object().(*types.Func); ok && asyncapi.IsPollMethod(obj) {
		in := &info{kind: PollMethod}
		if n := len(fn.Params); n > 0 {
			in.cx = fn.Params[n-1]
		}
		return in
	}
	if sig.Recv() == nil && isPollSignature(sig) {
		in := &info{kind: PollFunc}
		if len(fn.Params) == 1 {
			in.cx = fn.Params[0]
		}
		return in
	}
	outer := fn.Parent()
	if outer == nil {
		return nil
	}
	oin := res.funcs[outer]
	if oin == nil || !runsInline(fn) {
		return nil
	}
	in := &info{kind: Inline, outer: outer, coVal: capturedCo(fn)}
	if in.coVal == nil {
		in.coVal = oin.coVal
	}
	return in
}

// isPollSignature reports whether sig is func(*asyncrt.Context) asyncrt.Poll[T].
func isPollSignature(sig *types.Signature) bool {
	if sig.Params().Len() != 1 || sig.Results().Len() != 1 {
		return false
	}
	if !asyncapi.IsContext(sig.Params().At(0).Type()) {
		return false
	}
	_, ok := asyncapi.PollResult(sig.Results().At(0).Type())
	return ok
}

// runsInline reports whether the literal fn can only run synchronously within
// its enclosing function: the body of a range-over-func loop (the iterator
// calls it before returning, by the iterator contract), or a literal whose
// every use is as the callee of a call or defer. Its value can only be used
// in the enclosing function (SSA values do not cross function boundaries
// except through closure bindings, which count as "other" uses here).
func runsInline(fn *ssa.Function) bool {
	if _, ok := fn.Syntax().(*ast.RangeStmt); ok {
		return true
	}
	var v ssa.Value = fn
	if len(fn.FreeVars) > 0 {
		mc := makeClosureOf(fn)
		if mc == nil {
			return false
		}
		v = mc
	}
	refs := v.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
			continue
		case *ssa.Call:
			if ref.Call.Value != v || ref.Call.IsInvoke() {
				return false
			}
		case *ssa.Defer:
			if ref.Call.Value != v || ref.Call.IsInvoke() {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// makeClosureOf finds the MakeClosure instruction that creates fn (a literal
// with free variables) among fn's referrers.
func makeClosureOf(fn *ssa.Function) *ssa.MakeClosure {
	refs := fn.Referrers()
	if refs == nil {
		return nil
	}
	for _, ref := range *refs {
		if mc, ok := ref.(*ssa.MakeClosure); ok && mc.Fn == fn {
			return mc
		}
	}
	return nil
}

// capturedCo returns a free variable of fn holding a *asyncrt.Co, or nil.
func capturedCo(fn *ssa.Function) ssa.Value {
	for _, fv := range fn.FreeVars {
		if asyncapi.IsCo(fv.Type()) {
			return fv
		}
	}
	return nil
}
