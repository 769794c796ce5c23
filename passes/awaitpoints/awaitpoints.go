// Package awaitpoints finds the await points of async code: the calls at
// which a coroutine may suspend and let other tasks run on its worker.
//
// An await point is a call (not a go statement, not a deferred call) to
//
//   - one of the runtime's suspension primitives: asyncrt.Await,
//     asyncrt.Yield, (*asyncrt.JoinHandle).Join, (*asyncrt.JoinSet).JoinNext;
//   - a function or method that may suspend: its body, transitively, reaches
//     a suspension primitive. Calling an async function with the same co runs
//     it inline, so its awaits are the caller's awaits. This is exported as
//     the object fact *MaySuspend, so a helper in package A that awaits is
//     known when package B calls it;
//   - a function value or interface method whose signature takes a
//     *asyncrt.Co: the callee is unknown, and the only reason to hand it the
//     coroutine is to let it await, so it is assumed to suspend.
//
// Inside the package, function literals count like named functions: a
// literal that captures co and awaits makes every direct call of it an await
// point. A literal that is only passed somewhere (to Async, Spawn,
// SpawnBlocking, a go statement) is not called here and adds nothing.
//
// The computation is a least fixed point over the package's static call
// graph, seeded with the functions that contain a primitive (or call an
// imported function whose fact says it may suspend) and propagated to
// callers breadth first. Recursion needs no special case: a cycle of
// functions none of which reaches a primitive stays false, and the breadth
// first order gives every function its shortest chain to a primitive, which
// the fact records as evidence.
//
// Not seen: function values passed as arguments and called by the callee
// (unless their signature takes a *Co), calls through reflection, and awaits
// in deferred calls (a deferred call that suspends makes the enclosing
// function MaySuspend, but no call instruction is reported as the await
// point, because the suspension happens at the function's return).
package awaitpoints

import (
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncapi"
)

// MaySuspend is the fact that calling a function may suspend the calling
// coroutine. Via is the evidence: the shortest chain of callees from the
// function to a suspension primitive, as display names
// ("b.fetch", "asyncrt.Await"); it is capped at maxChain entries.
type MaySuspend struct {
	Via []string
}

func (*MaySuspend) AFact() {}

func (f *MaySuspend) String() string {
	return "maySuspend(" + strings.Join(f.Via, " → ") + ")"
}

// maxChain caps the evidence stored in a fact: chains longer than this say
// nothing more useful to a reader and would grow facts without bound along
// long call paths.
const maxChain = 8

var Analyzer = &analysis.Analyzer{
	Name:       "awaitpoints",
	Doc:        "find the await points of async code: calls at which a coroutine may suspend (exported as MaySuspend facts)",
	URL:        "https://github.com/asynclint/asynclint/tree/main/passes/awaitpoints",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(MaySuspend)},
}

// Result answers which calls of the package's functions are await points.
type Result struct {
	// chains maps each await point to its evidence chain, starting with
	// the callee's display name and ending at a primitive.
	chains map[ssa.CallInstruction][]string
	// points lists each function's await points in instruction order.
	points map[*ssa.Function][]ssa.CallInstruction
	// suspends holds the package's functions (literals included) that may
	// suspend; imported holds the facts seen for imported callees.
	suspends map[*ssa.Function][]string
	imported map[*types.Func]*MaySuspend
	local    map[*types.Func]*ssa.Function
}

// IsAwait reports whether call, an instruction of one of the package's
// functions, is an await point. Deferred calls and go statements are not.
func (r *Result) IsAwait(call ssa.CallInstruction) bool {
	_, ok := r.chains[call]
	return ok
}

// Chain returns the evidence for an await point: the callee's display name
// followed by the shortest chain down to a suspension primitive, e.g.
// ["b.fetch", "b.get", "asyncrt.Await"]. It is nil for other calls.
func (r *Result) Chain(call ssa.CallInstruction) []string {
	return r.chains[call]
}

// Points returns fn's await points in block and instruction order; nil when
// fn has none or is not one of the package's source functions.
func (r *Result) Points(fn *ssa.Function) []ssa.CallInstruction {
	return r.points[fn]
}

// MaySuspend reports whether calling fn may suspend the calling coroutine.
// fn may be one of the package's functions or literals, an instantiation of
// one, or a function imported from a package analyzed before.
func (r *Result) MaySuspend(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	if _, ok := r.suspends[fn]; ok {
		return true
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil {
		return false
	}
	obj = obj.Origin()
	if isPrimitive(obj) {
		return true
	}
	if n := r.local[obj]; n != nil {
		_, ok := r.suspends[n]
		return ok
	}
	return r.imported[obj] != nil
}

// isPrimitive reports whether fn is one of the runtime's suspension
// primitives. Besides the API's four, the runtime's internal (*Co).suspend
// is one: every suspension inside asyncrt goes through it, so the runtime's
// other suspending functions (asyncrt.Mutex's Lock, channel receives, ...)
// get MaySuspend facts when asyncrt itself is analyzed, whatever their
// implementation.
func isPrimitive(fn *types.Func) bool {
	return asyncapi.IsFunc(fn, "Await", "Yield") ||
		asyncapi.IsMethod(fn, "JoinHandle", "Join") ||
		asyncapi.IsMethod(fn, "JoinSet", "JoinNext") ||
		asyncapi.IsMethod(fn, "Co", "suspend")
}

// DisplayName names fn the way evidence chains do: the package name rather
// than its path ("asyncrt.Await", "(*b.Client).Get").
func DisplayName(fn *types.Func) string {
	qual := func(p *types.Package) string { return p.Name() }
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		recv := sig.Recv().Type()
		// Callers pass origins, so a generic receiver prints with its
		// type parameters: "(*b.Set[T]).Add", not one instantiation.
		return "(" + types.TypeString(recv, qual) + ")." + fn.Name()
	}
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// literalName names a function literal in evidence: "func literal in b.f".
func literalName(fn *ssa.Function) string {
	outer := fn
	for outer.Parent() != nil {
		outer = outer.Parent()
	}
	if obj, ok := outer.Object().(*types.Func); ok {
		return "func literal in " + DisplayName(obj)
	}
	return "func literal"
}

// calleeKind classifies a call for the fixed point.
type calleeKind int

const (
	calleeNone      calleeKind = iota // cannot suspend
	calleePrimitive                   // a suspension primitive
	calleeImported                    // an imported function with a MaySuspend fact
	calleeDynamic                     // unknown callee whose signature takes *Co
	calleeLocal                       // a function of this package: depends on the fixed point
)

type builder struct {
	pass *analysis.Pass
	src  map[*ssa.Function]bool
	res  *Result
	// callers is the reverse call graph restricted to the package.
	callers map[*ssa.Function][]ssa.CallInstruction
}

func run(pass *analysis.Pass) (any, error) {
	ssainput := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	b := &builder{
		pass: pass,
		src:  make(map[*ssa.Function]bool, len(ssainput.SrcFuncs)),
		res: &Result{
			chains:   make(map[ssa.CallInstruction][]string),
			points:   make(map[*ssa.Function][]ssa.CallInstruction),
			suspends: make(map[*ssa.Function][]string),
			imported: make(map[*types.Func]*MaySuspend),
			local:    make(map[*types.Func]*ssa.Function),
		},
		callers: make(map[*ssa.Function][]ssa.CallInstruction),
	}
	if !asyncapi.SeesAsyncrt(pass.Pkg) && len(pass.AllObjectFacts()) == 0 {
		// Nothing can suspend: no primitive, no *Co, no imported fact.
		// (Checking the facts too covers a dependency whose suspending
		// function's signature does not mention asyncrt, which export
		// data then need not list among this package's imports.)
		return b.res, nil
	}
	for _, fn := range ssainput.SrcFuncs {
		b.src[fn] = true
		if obj, ok := fn.Object().(*types.Func); ok {
			b.res.local[obj] = fn
		}
	}

	// Seed: functions that suspend by themselves, found in one scan that
	// also records the package-internal call edges.
	var queue []*ssa.Function
	for _, fn := range ssainput.SrcFuncs {
		seeded := false
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := call.(*ssa.Go); isGo {
					continue // runs on its own goroutine
				}
				kind, chain, local := b.classify(call.Common())
				switch kind {
				case calleeLocal:
					b.callers[local] = append(b.callers[local], call)
				case calleePrimitive, calleeImported, calleeDynamic:
					if _, isCall := call.(*ssa.Call); isCall {
						b.res.chains[call] = chain
					}
					if !seeded {
						seeded = true
						b.res.suspends[fn] = chain
						queue = append(queue, fn)
					}
				}
			}
		}
	}

	// Propagate to callers breadth first, so that each function's recorded
	// chain takes the fewest calls within the package. A function enters
	// the queue once, which is also what ends recursion.
	for len(queue) > 0 {
		fn := queue[0]
		queue = queue[1:]
		chain := prepend(b.name(fn), b.res.suspends[fn])
		for _, call := range b.callers[fn] {
			if _, isCall := call.(*ssa.Call); isCall {
				b.res.chains[call] = chain
			}
			caller := call.Parent()
			if _, done := b.res.suspends[caller]; !done {
				b.res.suspends[caller] = chain
				queue = append(queue, caller)
			}
		}
	}

	// Collect await points in instruction order, and export facts.
	for _, fn := range ssainput.SrcFuncs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				if call, ok := instr.(*ssa.Call); ok {
					if _, ok := b.res.chains[call]; ok {
						b.res.points[fn] = append(b.res.points[fn], call)
					}
				}
			}
		}
		if chain, ok := b.res.suspends[fn]; ok && fn.Parent() == nil {
			if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() == pass.Pkg {
				pass.ExportObjectFact(obj, &MaySuspend{Via: chain})
			}
		}
	}
	return b.res, nil
}

// classify decides what a call contributes. For calleeLocal it returns the
// package function called; otherwise the chain of evidence.
func (b *builder) classify(c *ssa.CallCommon) (calleeKind, []string, *ssa.Function) {
	if c.IsInvoke() {
		if asyncapi.CoParam(c.Signature()) >= 0 {
			return calleeDynamic, []string{"(" + types.TypeString(c.Value.Type(), pkgName) + ")." + c.Method.Name() + " (interface method taking *asyncrt.Co)"}, nil
		}
		return calleeNone, nil, nil
	}
	f := c.StaticCallee()
	if f == nil {
		if _, builtin := c.Value.(*ssa.Builtin); builtin {
			return calleeNone, nil, nil
		}
		if asyncapi.CoParam(c.Signature()) >= 0 {
			return calleeDynamic, []string{"function value taking *asyncrt.Co"}, nil
		}
		return calleeNone, nil, nil
	}
	if b.src[f] {
		return calleeLocal, nil, f
	}
	obj, _ := f.Object().(*types.Func)
	if obj == nil {
		// An instance of a literal nested in a generic function, or a
		// synthetic function without an object: look through to its
		// origin when that is one of ours.
		if o := originOf(f); o != nil && b.src[o] {
			return calleeLocal, nil, o
		}
		return calleeNone, nil, nil
	}
	obj = obj.Origin()
	if isPrimitive(obj) {
		return calleePrimitive, []string{DisplayName(obj)}, nil
	}
	if n := b.res.local[obj]; n != nil {
		return calleeLocal, nil, n
	}
	if obj.Pkg() == nil || obj.Pkg() == b.pass.Pkg {
		return calleeNone, nil, nil
	}
	if fact, ok := b.res.imported[obj]; ok {
		if fact == nil {
			return calleeNone, nil, nil
		}
		return calleeImported, prepend(DisplayName(obj), fact.Via), nil
	}
	fact := new(MaySuspend)
	if !b.pass.ImportObjectFact(obj, fact) {
		b.res.imported[obj] = nil
		return calleeNone, nil, nil
	}
	b.res.imported[obj] = fact
	return calleeImported, prepend(DisplayName(obj), fact.Via), nil
}

// originOf returns the generic function an instance was made from, without
// forcing packages to build: only instances carry an origin.
func originOf(f *ssa.Function) *ssa.Function {
	if len(f.TypeArgs()) == 0 {
		return nil
	}
	return f.Origin()
}

func (b *builder) name(fn *ssa.Function) string {
	if obj, ok := fn.Object().(*types.Func); ok {
		return DisplayName(obj)
	}
	return literalName(fn)
}

func pkgName(p *types.Package) string { return p.Name() }

// prepend returns [head, tail...] capped at maxChain entries, keeping the
// primitive at the end visible: a capped chain reads "a → b → … → asyncrt.Await".
func prepend(head string, tail []string) []string {
	out := make([]string, 0, min(len(tail)+1, maxChain))
	out = append(out, head)
	if len(tail)+1 <= maxChain {
		return append(out, tail...)
	}
	out = append(out, tail[:maxChain-3]...)
	out = append(out, "…", tail[len(tail)-1])
	return out
}
