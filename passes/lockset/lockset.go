// Package lockset is a flow-sensitive lock-state analysis over the SSA
// control-flow graph: for every function of the package, which locks are
// held before each instruction, on some path (may) and on every path (must),
// and where each was acquired.
//
// # Locks
//
// A lock operation is a call of Lock, Unlock, RLock, RUnlock, TryLock or
// TryRLock on a sync.Mutex, a sync.RWMutex (its write and read sides are two
// separate locks), a type listed in settings.LockTypes, or an interface or
// type parameter with Lock() and Unlock() (sync.Locker). Methods promoted
// from embedded fields, method values (f := mu.Unlock) and method
// expressions ((*sync.Mutex).Lock) count. once.Do(f) with a sync.Once is a
// MayRelease of what f releases (Do runs f only the first time): the lock
// is then held on some paths only, and a deferred once.Do(f) releases at
// return.
//
// A lock is identified by its access path (see Path): the parameter, free
// variable, global, local variable or other SSA value it is reached from,
// and the field selections, dereferences and indices applied. So s.mu.Lock()
// and a later s.mu.Unlock() match, and so do mu := &s.mu; mu.Unlock(); a
// getter called twice with the same arguments names the same lock. Two
// paths that may alias (p.mu and q.mu with p == q) are different locks: the
// analysis has no alias analysis.
//
// # Flow
//
// The state is propagated forward over the CFG to a fixed point: Lock adds
// the lock (its acquisition site replaces older ones), Unlock removes it; at
// a join a lock is may-held if held on some incoming path and must-held if
// held on all of them. TryLock and TryRLock take the lock only on the edge
// where their result is known true (the branch of an if on the call's
// result); a result stored and tested later is conservatively not held. A
// deferred unlock (defer mu.Unlock(), a deferred closure or helper that
// unlocks) keeps the lock held until the function's return (ssa.RunDefers),
// and a deferred Lock re-acquires there. Locks held when a function literal
// is called are not seen inside the literal (each function starts with
// nothing held).
//
// # Summaries
//
// A function that returns holding a lock it took on every path, or that
// releases a lock it did not take on every path, gets a Summary, exported
// as an object fact, and its callers apply it at the call: helpers that lock
// or unlock for their caller, in this package or another, are understood.
// Summaries are computed bottom-up over the package's call graph (strongly
// connected components iterate to a fixed point, at most maxSCCRounds
// times; components that do not settle get no summaries). Function literals
// get in-package summaries relative to their captured variables. A function
// whose every return yields a bound Unlock/RUnlock method value or a literal
// that releases a lock records it as ReturnedReleases, so that calling the
// returned value (unlock := s.lock(); unlock(), defer s.lock()()) releases
// the lock in the caller.
//
// # Bounds
//
// # Using the result
//
// Result.Func(fn) gives a *Func; Func.Before(instr) the *State before an
// instruction (it replays the block, so it costs the block's length) and
// Func.Walk the states of every instruction in one pass; State.Held lists
// the may-held locks with their Must flag, acquisition Sites and whether a
// deferred unlock is pending. Func.Ops(instr) tells which instructions
// acquire or release what. Paths are interned per function, so the two
// sides of one RWMutex have the same *Path (compare with ==); Lock.Class
// relates locks across functions by the struct field they live in.
//
// # Why go/ssa
//
// The pass reads buildssa's result, the SSA every asynclint pass shares,
// so SSA is built once per package. honnef.co/go/tools' IR would be a second
// IR built per package: measured over all of std (CPU profile of
// checker.Analyze), building SSA takes about 2.4 s and this analysis about
// 0.15 s on top, so a second IR would cost far more than the analysis.
// Over std, 482 of 21166 source functions have lock operations, none is
// skipped, and 15 get summaries.
//
// # Bounds
//
// Functions without any lock operation cost a scan and store nothing.
// Functions with more than maxBlocks blocks, maxInstrs instructions,
// maxLocks distinct locks or maxSites acquisition sites, or whose dataflow
// does not settle in maxRounds passes, are skipped: Result.Func returns nil
// and Result.Skipped reports them; they get no summary.
package lockset

import (
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Bounds on the work spent on one function (see the package doc).
const (
	maxBlocks    = 2000
	maxInstrs    = 20000
	maxLocks     = 128
	maxSites     = 512
	maxRounds    = 100
	maxSCCRounds = 4
)

var Analyzer = &analysis.Analyzer{
	Name:       "lockset",
	Doc:        "flow-sensitive lock-state analysis: the locks held before each instruction, with lock/unlock summaries as facts",
	URL:        "https://github.com/asynclint/asynclint/tree/main/passes/lockset",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(Summary)},
}

// Result holds the lock states of the package's functions. It is read-only
// once the pass has run, so checks running in parallel may share it.
type Result struct {
	funcs     map[*ssa.Function]*Func
	skipped   map[*ssa.Function]string
	summaries map[*ssa.Function]*Summary
	imported  map[*types.Func]*Summary
	local     map[*types.Func]*ssa.Function
}

// Func returns the lock states of fn, one of the package's source functions
// (literals included), or nil when fn performs no lock operation (nothing is
// ever held in it) or was skipped.
func (r *Result) Func(fn *ssa.Function) *Func { return r.funcs[fn] }

// Skipped reports whether fn has lock operations but was too large to
// analyze, and why.
func (r *Result) Skipped(fn *ssa.Function) (string, bool) {
	why, ok := r.skipped[fn]
	return why, ok
}

// Summary returns what calling fn does to the caller's locks: for the
// package's functions (literals and instantiations included) the computed
// summary, for imported functions called in this package their fact. It is
// nil when there is nothing to say.
func (r *Result) Summary(fn *ssa.Function) *Summary {
	if fn == nil {
		return nil
	}
	if s, ok := r.summaries[fn]; ok {
		return s
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil {
		return nil
	}
	obj = obj.Origin()
	if f := r.local[obj]; f != nil {
		return r.summaries[f]
	}
	return r.imported[obj]
}

// Lock is one lock as seen in one function: an access path and a side.
type Lock struct {
	Path *Path
	Mode Mode
	// Type is the lock's type where a method is called on it directly
	// (e.g. *sync.Mutex, sync.Locker); nil for locks only known from a
	// helper's summary.
	Type  types.Type
	index int
	expr  string
}

// String renders the lock as written at the first direct call of one of
// its methods ("s.mu", "c.Mutex" for a promoted c.Lock()), or from its path
// when it is only operated on through helpers. The read side of a RWMutex
// renders the same as its write side; see Mode.
func (l *Lock) String() string {
	if l.expr != "" {
		return l.expr
	}
	return l.Path.String()
}

// Class is the lock's type-relative identity (see Path.Class) plus its side:
// "(example.com/p.Server).mu" or "(example.com/p.Server).mu (read)".
func (l *Lock) Class() string {
	c := l.Path.Class()
	if c != "" && l.Mode == Shared {
		c += " (read)"
	}
	return c
}

// Site is where a lock was acquired: a Lock/RLock call, a successful
// TryLock, a deferred Lock, or a call of a helper whose summary acquires it.
type Site struct {
	Call ssa.CallInstruction
	// Via is the helper through which the lock was acquired, or nil.
	Via *ssa.Function
}

// Held is one lock held at a program point.
type Held struct {
	Lock *Lock
	// Must: held on every path reaching the point (otherwise on some).
	Must bool
	// Sites are the acquisitions reaching the point, in instruction order.
	Sites []Site
	// DeferredUnlock: a deferred call will release it when the function
	// returns.
	DeferredUnlock bool
}

// Func is the lock-state analysis of one function.
type Func struct {
	Fn    *ssa.Function
	locks []*Lock
	ops   map[ssa.Instruction][]Op
	sites []Site
	// siteOf maps an acquiring instruction to its index in sites.
	siteOf map[ssa.Instruction]int
	// deferAcq maps a lock to the site of a deferred acquisition of it.
	deferAcq map[int]int
	ly       layout
	// cut marks calls of not-yet-summarized recursive callees while a
	// component is being solved; paths through them are not followed. It
	// is nil in every Func the Result hands out.
	cut map[ssa.Instruction]bool
	// entry holds the state at the start of each block (indexed by
	// BasicBlock.Index); nil for blocks no path reaches.
	entry [][]uint64

	callerRelOnce sync.Once
	callerRel     []Op
}

// CallerReleases returns fn's non-deferred releases made where the lock is
// not held on every path: on some path they release a lock fn did not take
// (its caller's, or its creator's for a literal). These are the "unlock
// around the slow call" helpers, sync.Cond.Wait's shape, and locks handed
// to another goroutine; a release in a loop that relocks before the next
// round counts (the lock is held on the back edge only). Computed once and
// shared by the checks that need it.
func (f *Func) CallerReleases() []Op {
	f.callerRelOnce.Do(func() {
		f.Walk(func(in ssa.Instruction, s *State) {
			for _, op := range f.Ops(in) {
				if op.Kind == Release && !op.Deferred && !s.MustHold(op.Lock) {
					f.callerRel = append(f.callerRel, op)
				}
			}
		})
	})
	return f.callerRel
}

// Locks returns every lock the function operates on, directly or through
// helpers.
func (f *Func) Locks() []*Lock { return f.locks }

// Ops returns the lock operations performed by instr (nil for most).
func (f *Func) Ops(instr ssa.Instruction) []Op { return f.ops[instr] }

// Before returns the locks held just before instr executes, or nil if no
// path reaches instr. It replays instr's block from its entry state, so it
// costs the block's length; use Walk to visit every instruction.
func (f *Func) Before(instr ssa.Instruction) *State {
	b := instr.Block()
	if b == nil || b.Index >= len(f.entry) || f.entry[b.Index] == nil {
		return nil
	}
	st := clone(f.entry[b.Index])
	for _, in := range b.Instrs {
		if in == instr {
			return &State{f: f, bits: st}
		}
		f.transfer(st, in)
	}
	return nil
}

// Entry returns the state at the start of block b, or nil if it is
// unreachable.
func (f *Func) Entry(b *ssa.BasicBlock) *State {
	if b.Index >= len(f.entry) || f.entry[b.Index] == nil {
		return nil
	}
	return &State{f: f, bits: clone(f.entry[b.Index])}
}

// Walk calls visit for every instruction of every reachable block, in
// block order, with the state just before the instruction. The *State is
// reused: it is valid only during the call.
func (f *Func) Walk(visit func(instr ssa.Instruction, s *State)) {
	s := &State{f: f}
	for _, b := range f.Fn.Blocks {
		if f.entry[b.Index] == nil {
			continue
		}
		s.bits = clone(f.entry[b.Index])
		for _, in := range b.Instrs {
			visit(in, s)
			f.transfer(s.bits, in)
		}
	}
}

// State is the set of locks held at one program point. A nil *State holds
// nothing.
type State struct {
	f    *Func
	bits []uint64
}

// Empty reports whether no lock may be held.
func (s *State) Empty() bool {
	if s == nil {
		return true
	}
	for _, w := range s.f.ly.may(s.bits) {
		if w != 0 {
			return false
		}
	}
	return true
}

// MayHold reports whether l is held on some path to the point.
func (s *State) MayHold(l *Lock) bool {
	return s != nil && l != nil && s.f.owns(l) && has(s.f.ly.may(s.bits), l.index)
}

// MustHold reports whether l is held on every path to the point.
func (s *State) MustHold(l *Lock) bool {
	return s != nil && l != nil && s.f.owns(l) && has(s.f.ly.must(s.bits), l.index)
}

// Held returns the locks held on some path to the point, in the order the
// function first operates on them.
func (s *State) Held() []Held {
	if s == nil {
		return nil
	}
	var out []Held
	may, must, defRel := s.f.ly.may(s.bits), s.f.ly.must(s.bits), s.f.ly.defRel(s.bits)
	for i, l := range s.f.locks {
		if !has(may, i) {
			continue
		}
		h := Held{Lock: l, Must: has(must, i), DeferredUnlock: has(defRel, i)}
		sites := s.f.ly.sites(s.bits, i)
		for j := range s.f.sites {
			if has(sites, j) {
				h.Sites = append(h.Sites, s.f.sites[j])
			}
		}
		out = append(out, h)
	}
	return out
}

func (f *Func) owns(l *Lock) bool { return l.index < len(f.locks) && f.locks[l.index] == l }

// ---- the pass ----

type pass struct {
	*analysis.Pass
	res *Result
	src map[*ssa.Function]bool
	// succs is the package's static call graph (callees of each function
	// among the package's functions).
	succs map[*ssa.Function][]*ssa.Function
	// calls indexes the package's call expressions by their Lparen, for
	// rendering locks as written; built on first use.
	calls map[int]*ast.CallExpr
}

func run(p *analysis.Pass) (any, error) {
	ssainput := p.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	ps := &pass{
		Pass: p,
		res: &Result{
			funcs:     map[*ssa.Function]*Func{},
			skipped:   map[*ssa.Function]string{},
			summaries: map[*ssa.Function]*Summary{},
			imported:  map[*types.Func]*Summary{},
			local:     map[*types.Func]*ssa.Function{},
		},
		src: make(map[*ssa.Function]bool, len(ssainput.SrcFuncs)),
	}
	for _, fn := range ssainput.SrcFuncs {
		ps.src[fn] = true
		if obj, ok := fn.Object().(*types.Func); ok {
			ps.res.local[obj] = fn
		}
	}

	for _, scc := range ps.components(ssainput.SrcFuncs) {
		ps.solve(scc)
	}

	for _, fn := range ssainput.SrcFuncs {
		if fn.Parent() != nil {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != p.Pkg {
			continue
		}
		if s := ps.res.summaries[fn]; !s.Empty() {
			p.ExportObjectFact(obj, s)
		}
	}
	return ps.res, nil
}

// solve analyzes one strongly connected component of the call graph, whose
// callees outside the component are already summarized.
func (ps *pass) solve(scc []*ssa.Function) {
	if len(scc) == 1 && !ps.callsItself(scc[0]) {
		ps.store(scc[0], nil)
		return
	}
	// A recursive component: the first round cuts the paths through calls
	// within the component (their summaries are unknown), later rounds use
	// the previous round's summaries, until they stop changing.
	pending := map[*ssa.Function]bool{}
	for _, fn := range scc {
		pending[fn] = true
	}
	for round := 0; round < maxSCCRounds; round++ {
		changed := false
		for _, fn := range scc {
			if ps.store(fn, pending) {
				changed = true
			}
		}
		if round > 0 && !changed {
			return
		}
		pending = nil
	}
	// No fixed point within the bound: the component's summaries cannot be
	// trusted. Drop them and compute the states without them.
	for _, fn := range scc {
		delete(ps.res.summaries, fn)
	}
	for _, fn := range scc {
		ps.store(fn, nil)
		delete(ps.res.summaries, fn)
	}
}

// store analyzes fn and records its states and summary; it reports whether
// the summary changed.
func (ps *pass) store(fn *ssa.Function, pending map[*ssa.Function]bool) bool {
	f, sum, skip := ps.analyze(fn, pending)
	delete(ps.res.funcs, fn)
	delete(ps.res.skipped, fn)
	switch {
	case skip != "":
		ps.res.skipped[fn] = skip
	case f != nil && f.cut == nil:
		ps.res.funcs[fn] = f
	}
	changed := sum.key() != ps.res.summaries[fn].key()
	if sum.Empty() {
		delete(ps.res.summaries, fn)
	} else {
		ps.res.summaries[fn] = sum
	}
	return changed
}

// callsItself reports whether fn calls itself directly.
func (ps *pass) callsItself(fn *ssa.Function) bool {
	return slices.Contains(ps.succs[fn], fn)
}

// localCallee returns the package function a call statically invokes
// (looking through instantiations and method wrappers), or nil.
func (ps *pass) localCallee(c *ssa.CallCommon) *ssa.Function {
	if c.IsInvoke() {
		return nil
	}
	f := c.StaticCallee()
	if f == nil {
		return nil
	}
	if ps.src[f] {
		return f
	}
	if len(f.TypeArgs()) > 0 {
		if o := f.Origin(); o != nil && ps.src[o] {
			return o
		}
	}
	if obj, ok := f.Object().(*types.Func); ok {
		return ps.res.local[obj.Origin()]
	}
	return nil
}

// components returns the strongly connected components of the package's
// static call graph, callees before callers (Tarjan's algorithm).
func (ps *pass) components(funcs []*ssa.Function) [][]*ssa.Function {
	succs := make(map[*ssa.Function][]*ssa.Function, len(funcs))
	ps.succs = succs
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				// A returned literal is summarized before its parent,
				// which reads its summary for ReturnedReleases.
				if ret, ok := in.(*ssa.Return); ok {
					for _, r := range ret.Results {
						if mc, ok := r.(*ssa.MakeClosure); ok {
							if g, ok := mc.Fn.(*ssa.Function); ok && ps.src[g] && !slices.Contains(succs[fn], g) {
								succs[fn] = append(succs[fn], g)
							}
						}
					}
					continue
				}
				c, ok := in.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := in.(*ssa.Go); isGo {
					continue
				}
				// Callee lists are short: a linear scan dedups them
				// without a map per function.
				if g := ps.localCallee(c.Common()); g != nil && !slices.Contains(succs[fn], g) {
					succs[fn] = append(succs[fn], g)
				}
			}
		}
	}
	index := map[*ssa.Function]int{}
	low := map[*ssa.Function]int{}
	onStack := map[*ssa.Function]bool{}
	var stack []*ssa.Function
	var out [][]*ssa.Function
	next := 0
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		index[fn], low[fn] = next, next
		next++
		stack = append(stack, fn)
		onStack[fn] = true
		for _, g := range succs[fn] {
			if _, seen := index[g]; !seen {
				visit(g)
				low[fn] = min(low[fn], low[g])
			} else if onStack[g] {
				low[fn] = min(low[fn], index[g])
			}
		}
		if low[fn] == index[fn] {
			var scc []*ssa.Function
			for {
				g := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[g] = false
				scc = append(scc, g)
				if g == fn {
					break
				}
			}
			out = append(out, scc)
		}
	}
	for _, fn := range funcs {
		if _, seen := index[fn]; !seen {
			visit(fn)
		}
	}
	return out
}

// importedSummary returns the fact for an imported function, cached.
func (ps *pass) importedSummary(obj *types.Func) *Summary {
	if s, ok := ps.res.imported[obj]; ok {
		return s
	}
	var s *Summary
	if obj.Pkg() != nil && obj.Pkg() != ps.Pkg {
		fact := new(Summary)
		if ps.ImportObjectFact(obj, fact) {
			s = fact
		}
	}
	ps.res.imported[obj] = s
	return s
}

// renderCall renders the lock a direct method call operates on, as the
// source spells its receiver, plus the embedded fields a promoted method
// selects implicitly ("c.Mutex" for c.Lock()). It returns "" when the call
// is not a plain x.M() selector call.
func (ps *pass) renderCall(call ssa.CallInstruction) string {
	if ps.calls == nil {
		ps.calls = map[int]*ast.CallExpr{}
		for _, file := range ps.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					ps.calls[int(c.Lparen)] = c
				}
				return true
			})
		}
	}
	ce := ps.calls[int(call.Common().Pos())]
	if ce == nil {
		return ""
	}
	sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	s := types.ExprString(sel.X)
	if ps.TypesInfo == nil {
		return s
	}
	selection := ps.TypesInfo.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal {
		return "" // (*sync.Mutex).Lock(&mu): the path renders better
	}
	var sb strings.Builder
	sb.WriteString(s)
	t := selection.Recv()
	idx := selection.Index()
	for _, i := range idx[:len(idx)-1] {
		st := structOf(t)
		if st == nil || i >= st.NumFields() {
			break
		}
		sb.WriteString("." + st.Field(i).Name())
		t = st.Field(i).Type()
	}
	return sb.String()
}
