// Package lockacq is the shared pass of the Go-native lock checks
// (doublelock, lockorder, lockblock, forgetunlock): which locks a function
// may acquire while it runs, including those it releases again before it
// returns, directly or through the functions it calls.
//
// passes/lockset summarizes only the net effect of a call (locks still held
// on every return, locks released that the callee did not take), which is
// what a caller's lock state needs. A helper that locks s.mu, does its work
// and unlocks it has an empty summary there, yet calling it with s.mu held
// deadlocks, and calling it with t.mu held orders t.mu before s.mu. This
// pass adds that "may acquire" summary:
//
//   - per function of the package (literals included), every lock it may
//     acquire on some path, written relative to its parameters, free
//     variables (literals only) or globals, so that a caller maps it onto
//     its arguments; plus the lock's class (lockset.Path.Class) when it has
//     one, so that checks comparing locks by type see acquisitions of
//     locks the caller cannot name (a lock reached through a local);
//   - exported as an object fact (*Acquires) on functions and methods, so
//     callers in other packages see it.
//
// Excluded on purpose: TryLock/TryRLock (they never wait), deferred
// acquisitions, acquisitions in go statements (another goroutine), and a
// lock the function first releases without having taken it (the
// unlock-then-relock shape of sync.Cond.Wait and of helpers that drop the
// caller's lock around a slow call): re-acquiring the caller's lock after
// releasing it is not a second acquisition.
//
// Propagation follows static calls (functions, concrete methods, direct
// calls of literals), iterated to a fixed point over the package bounded by
// maxRounds; each function keeps at most maxAcquires entries.
package lockacq

import (
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/internal/funcfacts"
	"github.com/asynclint/asynclint/passes/lockset"
)

const (
	maxRounds   = 8
	maxAcquires = 24
)

var Analyzer = &analysis.Analyzer{
	Name:       "lockacq",
	Doc:        "which locks each function may acquire while it runs, as facts (shared by the Go-native lock checks)",
	URL:        "https://github.com/asynclint/asynclint/tree/main/passes/lockacq",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(Acquires)},
}

// Acq is one lock a function may acquire.
type Acq struct {
	// Effect locates the lock relative to the function; Effect.Root is 0
	// when the lock cannot be named by a caller (only Class is known).
	Effect lockset.Effect
	// Class is the lock's type-relative identity, "" when unknown.
	Class string
	// QClass is the qualified class (lockset.QualifiedClass, without the
	// read marker): it survives where Effect cannot be named by a caller
	// (a lock reached through a local), and tells c.in.mu from c.out.mu.
	QClass string
	// Chain names the calls from the function down to the one that locks
	// ("(*p.T).flush → (*p.T).write"), abbreviated past maxChain calls
	// ("a → b → … → z"); empty when the function locks it itself.
	Chain []string
	// At is the position of the Lock call as "file.go:12".
	At string

	pos token.Pos // of the Lock call, when in the analyzed package
	// private marks a lock no code outside this package can hold (see
	// privateLocks): kept for the package's own checks, never exported.
	private bool
}

// Pos is the Lock call's position when it is in the analyzed package.
func (a *Acq) Pos() token.Pos { return a.pos }

// Acquires is the object fact on a function that may acquire locks.
type Acquires struct{ Locks []Acq }

func (*Acquires) AFact() {}

func (a *Acquires) String() string {
	var parts []string
	for _, l := range a.Locks {
		s := l.Class
		if l.Effect.Root != 0 {
			s = l.Effect.String()
		}
		parts = append(parts, s)
	}
	return "acquires(" + strings.Join(parts, ", ") + ")"
}

// Result answers for the package's functions and, through facts, for
// imported ones.
type Result struct {
	table *funcfacts.Table[[]Acq]
}

// Of returns the locks callee may acquire, or nil.
func (r *Result) Of(callee *ssa.Function) []Acq { return r.table.Of(callee) }

// Callee returns the function a call statically invokes, or nil.
func Callee(c *ssa.CallCommon) *ssa.Function {
	if c.IsInvoke() {
		return nil
	}
	return c.StaticCallee()
}

// Loc is an access path in a caller, decomposed like lockset.Path.
type Loc struct {
	Kind  lockset.RootKind
	Index int
	Name  string
	Value ssa.Value
	Steps []lockset.Step
	// RootType is the type of the root value, when known (for
	// QualifiedClass).
	RootType types.Type
}

// Qualify returns the qualified class of an acquisition seen at a caller's
// location: the location's, when it extends the callee's (the caller knows
// more enclosing fields), else the callee's.
func Qualify(l Loc, callee string) string {
	if q := l.QualifiedClass(); q != "" && len(q) > len(callee) && lockset.ClassesMayAlias(q, callee) {
		return q
	}
	return callee
}

// QualifiedClass is lockset.Path.QualifiedClass for a caller location, or
// "" when the root's type is unknown.
func (l Loc) QualifiedClass() string {
	if l.Kind == lockset.RootGlobal && len(l.Steps) == 0 {
		return l.Name
	}
	return lockset.QualifiedClass(l.RootType, l.Steps)
}

// Map maps a callee's acquisition onto the caller's values at the call,
// or reports false when it cannot be named there.
func Map(c *ssa.CallCommon, callee *ssa.Function, a Acq) (Loc, bool) {
	e := a.Effect
	var base ssa.Value
	switch e.Root {
	case lockset.RootParam:
		args := c.Args
		if mc, ok := c.Value.(*ssa.MakeClosure); ok && isBound(callee) && len(mc.Bindings) == 1 {
			args = append([]ssa.Value{mc.Bindings[0]}, c.Args...)
		}
		if e.Index < 0 || e.Index >= len(args) {
			return Loc{}, false
		}
		base = args[e.Index]
	case lockset.RootFreeVar:
		mc, ok := c.Value.(*ssa.MakeClosure)
		if !ok || e.Index < 0 || e.Index >= len(mc.Bindings) {
			return Loc{}, false
		}
		base = mc.Bindings[e.Index]
	case lockset.RootGlobal:
		return Loc{Kind: lockset.RootGlobal, Name: e.Name, Steps: e.Steps}, true
	default:
		return Loc{}, false
	}
	l, ok := Decompose(base)
	if !ok {
		return Loc{}, false
	}
	l.Steps = append(slices.Clip(l.Steps), e.Steps...)
	return l, true
}

func isBound(f *ssa.Function) bool {
	return f.Synthetic != "" && strings.HasPrefix(f.Synthetic, "bound method wrapper") && len(f.FreeVars) == 1
}

// Decompose splits an address or pointer value into root and steps, the way
// lockset builds paths (without its getter and φ resolution). It reports
// false for values it cannot decompose.
func Decompose(v ssa.Value) (Loc, bool) {
	var steps []lockset.Step
	for depth := 0; depth < 16; depth++ {
		switch x := v.(type) {
		case *ssa.Parameter:
			fn := x.Parent()
			i := slices.Index(fn.Params, x)
			if i < 0 {
				return Loc{}, false
			}
			return Loc{Kind: lockset.RootParam, Index: i, Name: x.Name(), Steps: reverse(steps), RootType: x.Type()}, true
		case *ssa.FreeVar:
			fn := x.Parent()
			i := slices.Index(fn.FreeVars, x)
			if i < 0 {
				return Loc{}, false
			}
			return Loc{Kind: lockset.RootFreeVar, Index: i, Name: x.Name(), Steps: reverse(steps), RootType: x.Type()}, true
		case *ssa.Global:
			name := x.Name()
			if x.Pkg != nil {
				name = x.Pkg.Pkg.Path() + "." + name
			}
			return Loc{Kind: lockset.RootGlobal, Name: name, Steps: reverse(steps), RootType: x.Type()}, true
		case *ssa.Alloc:
			return Loc{Kind: lockset.RootLocal, Value: x, Steps: reverse(steps), RootType: x.Type()}, true
		case *ssa.FieldAddr:
			steps = append(steps, fieldStep(x.X.Type(), x.Field))
			v = x.X
		case *ssa.Field:
			steps = append(steps, fieldStep(x.X.Type(), x.Field))
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return Loc{}, false
			}
			steps = append(steps, lockset.Step{Kind: lockset.StepDeref})
			v = x.X
		case *ssa.IndexAddr:
			steps = append(steps, indexStep(x.Index))
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		default:
			return Loc{}, false
		}
	}
	return Loc{}, false
}

func reverse(s []lockset.Step) []lockset.Step {
	slices.Reverse(s)
	return s
}

func fieldStep(t types.Type, i int) lockset.Step {
	s := lockset.Step{Kind: lockset.StepField, Field: i, Name: "?"}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && i < st.NumFields() {
		s.Name = st.Field(i).Name()
	}
	return s
}

func indexStep(idx ssa.Value) lockset.Step {
	if k, ok := idx.(*ssa.Const); ok && k.Value != nil {
		return lockset.Step{Kind: lockset.StepIndex, Name: k.Value.String()}
	}
	return lockset.Step{Kind: lockset.StepIndex, Name: idx.Name(), VarIndex: true}
}

// Same reports whether the caller location l is the lock path p of the
// same function.
func (l Loc) Same(p *lockset.Path) bool {
	if p == nil || l.Kind != p.Kind || len(l.Steps) != len(p.Steps) {
		return false
	}
	switch l.Kind {
	case lockset.RootParam, lockset.RootFreeVar:
		if l.Index != p.Index {
			return false
		}
	case lockset.RootGlobal:
		if l.Name != p.Name {
			return false
		}
	case lockset.RootLocal:
		if l.Value != p.Value {
			return false
		}
	default:
		return false
	}
	for i, s := range l.Steps {
		t := p.Steps[i]
		if s.Kind != t.Kind || s.VarIndex || t.VarIndex {
			return false
		}
		if s.Kind == lockset.StepField && s.Field != t.Field {
			return false
		}
		if s.Kind == lockset.StepIndex && s.Name != t.Name {
			return false
		}
	}
	return true
}

// ---- the pass ----

func run(pass *analysis.Pass) (any, error) {
	ssainput, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	var funcs []*ssa.Function
	if ssainput != nil {
		funcs = ssainput.SrcFuncs
	}
	r := &Result{table: funcfacts.New(pass.Pkg, funcs, func(obj *types.Func) []Acq {
		fact := new(Acquires)
		if pass.ImportObjectFact(obj, fact) {
			return fact.Locks
		}
		return nil
	})}
	if ssainput == nil || locks == nil {
		return r, nil
	}
	holdable := handedToCallers(ssainput.SrcFuncs, locks)
	// Direct acquisitions, and the static calls to propagate through.
	calls := map[*ssa.Function][]*callSite{}
	for _, fn := range ssainput.SrcFuncs {
		if f := locks.Func(fn); f != nil {
			r.table.Local[fn] = direct(pass.Fset, f, holdable)
		}
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				call, ok := in.(*ssa.Call)
				if !ok {
					continue
				}
				if g := Callee(call.Common()); g != nil {
					calls[fn] = append(calls[fn], &callSite{call: call, callee: g})
				}
			}
		}
	}
	released := map[*ssa.Function]func(Loc) bool{}
	for _, fn := range ssainput.SrcFuncs {
		released[fn] = releasedFirst(locks.Func(fn))
	}
	// Propagate callee-first, so that an acyclic call chain settles in one
	// round; later rounds only matter for recursion. Each call site keeps
	// a cursor into its callee's list (lists only grow), so every callee
	// entry is lifted once per call site however many rounds run.
	order := calleesFirst(ssainput.SrcFuncs, calls)
	names := map[*ssa.Function]string{}
	for round := 0; round < maxRounds; round++ {
		changed := false
		for _, fn := range order {
			for _, cs := range calls[fn] {
				acqs := r.Of(cs.callee)
				for _, a := range acqs[cs.seen:] {
					if len(r.table.Local[fn]) >= maxAcquires {
						break
					}
					name, ok := names[cs.callee]
					if !ok {
						name = DisplayName(cs.callee)
						names[cs.callee] = name
					}
					b, ok := lift(fn, cs.call, cs.callee, name, a, released[fn], holdable)
					if !ok {
						continue
					}
					if !slices.ContainsFunc(r.table.Local[fn], b.same) {
						r.table.Local[fn] = append(r.table.Local[fn], b)
						changed = true
					}
				}
				cs.seen = len(acqs)
			}
		}
		if !changed {
			break
		}
	}
	for fn, acqs := range r.table.Local {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || obj.Pkg() != pass.Pkg || len(acqs) == 0 {
			continue
		}
		var out []Acq
		for _, a := range acqs {
			if a.private {
				continue
			}
			if a.Effect.Root == lockset.RootFreeVar || a.Effect.Root == lockset.RootLocal {
				a.Effect = lockset.Effect{}
			}
			if a.Effect.Root == 0 && a.Class == "" {
				continue
			}
			out = append(out, a)
		}
		if len(out) > 0 {
			pass.ExportObjectFact(obj, &Acquires{Locks: out})
		}
	}
	return r, nil
}

// callSite is a static call whose callee's acquisitions propagate to the
// caller; seen counts the callee entries already lifted.
type callSite struct {
	call   *ssa.Call
	callee *ssa.Function
	seen   int
}

// calleesFirst orders funcs so that, outside cycles, every function comes
// after the functions it calls (an iterative depth-first postorder: call
// chains can be thousands deep).
func calleesFirst(funcs []*ssa.Function, calls map[*ssa.Function][]*callSite) []*ssa.Function {
	order := make([]*ssa.Function, 0, len(funcs))
	visited := make(map[*ssa.Function]bool, len(funcs))
	type frame struct {
		fn   *ssa.Function
		next int
	}
	for _, root := range funcs {
		if visited[root] {
			continue
		}
		visited[root] = true
		stack := []frame{{fn: root}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(calls[top.fn]) {
				g := calls[top.fn][top.next].callee
				top.next++
				if _, local := calls[g]; local && !visited[g] {
					visited[g] = true
					stack = append(stack, frame{fn: g})
				}
				continue
			}
			order = append(order, top.fn)
			stack = stack[:len(stack)-1]
		}
	}
	// Functions that make no static call are not keys of calls; they
	// were appended when first met as roots, so every function is here.
	return order
}

func (a Acq) same(b Acq) bool {
	return a.Class == b.Class && a.QClass == b.QClass && a.Effect.Root == b.Effect.Root && a.Effect.Index == b.Effect.Index &&
		a.Effect.Name == b.Effect.Name && a.Effect.Mode == b.Effect.Mode && slices.Equal(a.Effect.Steps, b.Effect.Steps)
}

// direct lists the locks f acquires itself (Lock, RLock; not TryLock, not
// deferred, not via helpers: those are found through the call).
func direct(fset *token.FileSet, f *lockset.Func, holdable map[string]bool) []Acq {
	rel := releasedFirst(f)
	var out []Acq
	for _, b := range f.Fn.Blocks {
		for _, in := range b.Instrs {
			for _, op := range f.Ops(in) {
				if op.Kind != lockset.Acquire || op.Deferred || op.Via != nil {
					continue
				}
				p := op.Lock.Path
				loc := Loc{Kind: p.Kind, Index: p.Index, Name: p.Name, Value: p.Value, Steps: p.Steps}
				if rel(loc) {
					continue
				}
				a := Acq{Class: op.Lock.Class(), QClass: p.QualifiedClass(), pos: op.Call.Pos(), At: shortPos(fset, op.Call.Pos())}
				a.private = unexportedName(p.Kind, p.Name, p.Steps) && !holdable[p.Class()]
				if e, ok := effectOf(f.Fn, loc, op.Lock.Mode); ok {
					a.Effect = e
				}
				if a.Effect.Root == 0 && a.Class == "" {
					continue
				}
				if len(out) < maxAcquires && !slices.ContainsFunc(out, a.same) {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// lift turns a callee's acquisition into the caller's.
func lift(fn *ssa.Function, call *ssa.Call, callee *ssa.Function, calleeName string, a Acq, released func(Loc) bool, holdable map[string]bool) (Acq, bool) {
	b := Acq{Class: a.Class, QClass: a.QClass, At: a.At, pos: a.pos, private: a.private}
	if a.Effect.Root != 0 {
		if loc, ok := Map(call.Common(), callee, a); ok {
			if released(loc) {
				return Acq{}, false
			}
			b.QClass = Qualify(loc, a.QClass)
			// The callee's lock may be public (a sync.RWMutex's w) and
			// the caller's instance private (an unexported global).
			if unexportedName(loc.Kind, loc.Name, loc.Steps) && !holdable[strings.TrimSuffix(a.Class, " (read)")] {
				b.private = true
			}
			if e, ok := effectOf(fn, loc, a.Effect.Mode); ok {
				b.Effect = e
			}
		}
	}
	if b.Effect.Root == 0 && b.Class == "" {
		return Acq{}, false
	}
	b.Chain = abbreviate(append([]string{calleeName}, a.Chain...))
	return b, true
}

// maxChain caps Acq.Chain: each function of a long call chain keeps its own
// copy, so uncapped chains cost memory quadratic in the chain's length (and
// a message listing thousands of calls); a longer chain tells a reader
// nothing more.
const maxChain = 10

// abbreviate cuts a chain longer than maxChain to its first calls, "…",
// and the last call (the one that locks).
func abbreviate(chain []string) []string {
	if len(chain) <= maxChain {
		return chain
	}
	out := make([]string, 0, maxChain)
	out = append(out, chain[:maxChain-2]...)
	return append(out, "…", chain[len(chain)-1])
}

// effectOf writes a caller location as an effect of fn, when a caller of
// fn could name it.
func effectOf(fn *ssa.Function, l Loc, mode lockset.Mode) (lockset.Effect, bool) {
	switch l.Kind {
	case lockset.RootParam, lockset.RootGlobal:
	case lockset.RootFreeVar:
		if fn.Parent() == nil {
			return lockset.Effect{}, false
		}
	default:
		return lockset.Effect{}, false
	}
	for _, s := range l.Steps {
		if s.VarIndex {
			return lockset.Effect{}, false
		}
	}
	return lockset.Effect{Root: l.Kind, Index: l.Index, Name: l.Name, Steps: l.Steps, Mode: mode}, true
}

// Private locks. A lock in a field with an unexported name, or an
// unexported global, can be locked only by code of its own package. Code in
// another package can then hold it only if a function of that package
// returns holding it (a lockset summary), so an acquisition of it matters to
// an importer's checks (doublelock, lockorder, lockblock: all judge a lock
// the importer holds) only in that case. Such acquisitions are kept for the
// package's own checks but not exported: over a large dependency graph they
// were most of the facts, and go vet re-exports method facts of every
// dependency into every package's fact file, so their decoding dominated
// the per-package cost (docs/performance.md, "Profiles, and what they
// changed"). Missed by this rule:
// a lock an exported method hands out by pointer (func (t *T) Inner()
// *inner, with inner embedding sync.Mutex: callers lock t.Inner().Mutex,
// while t's own methods reach it as t.in.Mutex, private by name), so a
// double lock or order through such a getter is not seen across packages.

// unexportedName reports whether the lock is reached from an unexported
// global or through a field with an unexported name.
func unexportedName(kind lockset.RootKind, global string, steps []lockset.Step) bool {
	if kind == lockset.RootGlobal {
		name := global
		if i := strings.LastIndex(name, "."); i >= 0 {
			name = name[i+1:]
		}
		if !token.IsExported(name) {
			return true
		}
	}
	for _, s := range steps {
		if s.Kind == lockset.StepField && !token.IsExported(s.Name) {
			return true // other packages cannot select this field
		}
	}
	return false // a lock passed in, or a local: callers may hold it
}

// handedToCallers returns the classes of the locks acquired in exported
// functions and methods whose summary returns holding a lock: callers in
// other packages may hold those. (An over-approximation: every lock such a
// function acquires counts.)
func handedToCallers(funcs []*ssa.Function, locks *lockset.Result) map[string]bool {
	out := map[string]bool{}
	for _, fn := range funcs {
		obj, _ := fn.Object().(*types.Func)
		if obj == nil || fn.Parent() != nil || !obj.Exported() {
			continue // other packages cannot call it
		}
		s := locks.Summary(fn)
		f := locks.Func(fn)
		if s == nil || len(s.Acquires) == 0 || f == nil {
			continue
		}
		for _, l := range f.Locks() {
			out[l.Path.Class()] = true
		}
	}
	return out
}

// releasedFirst returns a predicate telling whether f releases a lock at a
// point where it does not hold it on every path (the caller's lock): such a lock's later
// acquisition in f is a re-acquisition, not a second lock.
func releasedFirst(f *lockset.Func) func(Loc) bool {
	if f == nil {
		return func(Loc) bool { return false }
	}
	var paths []*lockset.Path
	for _, op := range f.CallerReleases() {
		paths = append(paths, op.Lock.Path)
	}
	return func(l Loc) bool {
		for _, p := range paths {
			if l.Same(p) {
				return true
			}
		}
		return false
	}
}

// DisplayName names a function for chains: "(*p.T).M", "p.F", "p.F$lit".
var DisplayName = funcfacts.DisplayName

var shortPos = funcfacts.ShortPos
