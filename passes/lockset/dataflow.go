package lockset

import (
	"go/types"
	"math/bits"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A state is one flat []uint64 holding six bit sets over the function's
// locks and, per lock, a bit set over its acquisition sites:
//
//	may      held on some path
//	must     held on every path
//	defRel   a deferred call will release it at RunDefers
//	defAcq   a deferred call will acquire it at RunDefers
//	relMay   released on some path without having been taken here
//	relMust  released on every path without having been taken here
//	sites[i] the acquisitions of lock i that reach this point
//
// relMay/relMust make the "releases the caller's lock" summaries.
type layout struct{ wl, ws, nl int }

const nsets = 6

func words(n int) int { return (n + 63) / 64 }

func (ly layout) size() int                       { return nsets*ly.wl + ly.nl*ly.ws }
func (ly layout) set(st []uint64, k int) []uint64 { return st[k*ly.wl : (k+1)*ly.wl] }
func (ly layout) may(st []uint64) []uint64        { return ly.set(st, 0) }
func (ly layout) must(st []uint64) []uint64       { return ly.set(st, 1) }
func (ly layout) defRel(st []uint64) []uint64     { return ly.set(st, 2) }
func (ly layout) defAcq(st []uint64) []uint64     { return ly.set(st, 3) }
func (ly layout) relMay(st []uint64) []uint64     { return ly.set(st, 4) }
func (ly layout) relMust(st []uint64) []uint64 {
	return ly.set(st, 5)
}
func (ly layout) sites(st []uint64, lock int) []uint64 {
	base := nsets*ly.wl + lock*ly.ws
	return st[base : base+ly.ws]
}

func has(set []uint64, i int) bool { return set[i/64]&(1<<(i%64)) != 0 }
func add(set []uint64, i int)      { set[i/64] |= 1 << (i % 64) }
func del(set []uint64, i int)      { set[i/64] &^= 1 << (i % 64) }
func clone(st []uint64) []uint64   { return append([]uint64(nil), st...) }

// join merges src into dst (a control-flow join) and reports whether dst
// changed: unions everywhere except must and relMust, which intersect.
func (ly layout) join(dst, src []uint64) bool {
	changed := false
	for k := 0; k < nsets; k++ {
		d, s := ly.set(dst, k), ly.set(src, k)
		for i := range d {
			var v uint64
			if k == 1 || k == 5 {
				v = d[i] & s[i]
			} else {
				v = d[i] | s[i]
			}
			if v != d[i] {
				d[i] = v
				changed = true
			}
		}
	}
	for i := nsets * ly.wl; i < len(dst); i++ {
		if v := dst[i] | src[i]; v != dst[i] {
			dst[i] = v
			changed = true
		}
	}
	return changed
}

func forEach(set []uint64, fn func(i int)) {
	for w, word := range set {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			fn(w*64 + b)
			word &^= 1 << b
		}
	}
}

func (f *Func) acquire(st []uint64, lock, site int) {
	ly := f.ly
	add(ly.may(st), lock)
	add(ly.must(st), lock)
	// relMay/relMust stay: the caller's lock, once released here, is
	// released for the caller whatever happens to it later, unless it is
	// held again at the return (summarize excludes the locks held there).
	// So "Unlock; Lock; defer Unlock" releases the caller's lock.
	s := ly.sites(st, lock)
	clear(s)
	if site >= 0 {
		add(s, site)
	}
}

func (f *Func) release(st []uint64, lock int) {
	ly := f.ly
	if !has(ly.may(st), lock) {
		add(ly.relMay(st), lock)
		add(ly.relMust(st), lock)
	} else if !has(ly.must(st), lock) {
		add(ly.relMay(st), lock)
	}
	del(ly.may(st), lock)
	del(ly.must(st), lock)
	clear(ly.sites(st, lock))
}

// transfer applies instr's lock operations to st.
func (f *Func) transfer(st []uint64, instr ssa.Instruction) {
	if _, ok := instr.(*ssa.RunDefers); ok {
		ly := f.ly
		forEach(clone(ly.defRel(st)), func(i int) { f.release(st, i) })
		forEach(clone(ly.defAcq(st)), func(i int) { f.acquire(st, i, f.deferAcq[i]) })
		clear(ly.defRel(st))
		clear(ly.defAcq(st))
		return
	}
	for _, op := range f.ops[instr] {
		i := op.Lock.index
		switch {
		case op.Deferred && (op.Kind == Release || op.Kind == MayRelease):
			add(f.ly.defRel(st), i)
		case op.Deferred && op.Kind == Acquire:
			add(f.ly.defAcq(st), i)
		case op.Kind == Acquire:
			f.acquire(st, i, f.siteOf[instr])
		case op.Kind == Release:
			f.release(st, i)
		case op.Kind == MayRelease:
			del(f.ly.must(st), i)
		}
	}
}

// tryEdge reports whether the edge from b to its i-th successor is where a
// TryLock/TryRLock tested by b's if succeeded, and which lock it takes.
func (f *Func) tryEdge(b *ssa.BasicBlock, i int) (lock, site int, ok bool) {
	if i != 0 || len(b.Instrs) == 0 {
		return 0, 0, false
	}
	ifi, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !isIf {
		return 0, 0, false
	}
	call, isCall := ifi.Cond.(*ssa.Call)
	if !isCall {
		return 0, 0, false
	}
	for _, op := range f.ops[call] {
		if op.Kind == TryAcquire && !op.Deferred {
			return op.Lock.index, f.siteOf[call], true
		}
	}
	return 0, 0, false
}

// analyze computes fn's lock states and summary. It returns a nil *Func
// when fn performs no lock operation, and a reason when fn is skipped.
//
// pending holds the members of fn's call-graph component whose summaries
// are not computed yet: paths through calls of them are cut (treated as not
// returning), so that the first round computes what the non-recursive paths
// do and later rounds extend it; see solve.
func (ps *pass) analyze(fn *ssa.Function, pending map[*ssa.Function]bool) (*Func, *Summary, string) {
	if len(fn.Blocks) == 0 {
		return nil, nil, ""
	}
	f := &Func{Fn: fn}
	// Most functions have no lock operation: the path builder and the lock
	// table are made on the first one.
	var pb *pathBuilder
	var byKey map[string]*Lock
	lazy := func() (*pathBuilder, map[string]*Lock) {
		if pb == nil {
			pb, byKey = newPathBuilder(fn, ps.Pkg), map[string]*Lock{}
		}
		return pb, byKey
	}
	ninstr := 0
	for _, b := range fn.Blocks {
		ninstr += len(b.Instrs)
		if ninstr > maxInstrs {
			break
		}
		for _, in := range b.Instrs {
			call, ok := in.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := in.(*ssa.Go); isGo {
				continue // runs on another goroutine: not this function's locks
			}
			if _, isCall := in.(*ssa.Call); isCall && len(pending) > 0 && pending[ps.localCallee(call.Common())] {
				if f.cut == nil {
					f.cut = map[ssa.Instruction]bool{}
				}
				f.cut[in] = true
			}
			if ops := ps.opsOf(call, lazy, f); len(ops) > 0 {
				if f.ops == nil {
					f.ops = map[ssa.Instruction][]Op{}
				}
				f.ops[in] = ops
			}
		}
	}
	returned := ps.returnedReleases(fn, lazy)
	if f.ops == nil && f.cut == nil {
		if len(returned) > 0 {
			return nil, &Summary{ReturnedReleases: returned}, ""
		}
		return nil, nil, ""
	}
	switch {
	case len(fn.Blocks) > maxBlocks:
		return nil, nil, "too many blocks"
	case ninstr > maxInstrs:
		return nil, nil, "too many instructions"
	case len(f.locks) > maxLocks:
		return nil, nil, "too many locks"
	}

	// Number the acquisition sites in instruction order.
	f.siteOf = map[ssa.Instruction]int{}
	f.deferAcq = map[int]int{}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			for _, op := range f.ops[in] {
				if op.Kind == Release {
					continue
				}
				if _, ok := f.siteOf[in]; !ok {
					f.siteOf[in] = len(f.sites)
					f.sites = append(f.sites, Site{Call: op.Call, Via: op.Via})
				}
				if op.Deferred && op.Kind == Acquire {
					if _, ok := f.deferAcq[op.Lock.index]; !ok {
						f.deferAcq[op.Lock.index] = f.siteOf[in]
					}
				}
			}
		}
	}
	if len(f.sites) > maxSites {
		return nil, nil, "too many acquisition sites"
	}
	f.ly = layout{wl: words(len(f.locks)), ws: words(len(f.sites)), nl: len(f.locks)}

	if !f.solve() {
		return nil, nil, "lock states did not settle"
	}
	sum := ps.summarize(f)
	if len(returned) > 0 {
		if sum == nil {
			sum = new(Summary)
		}
		sum.ReturnedReleases = returned
	}
	return f, sum, ""
}

// solve runs the forward dataflow to its fixed point, visiting blocks in
// reverse postorder so that one pass suffices for acyclic code.
func (f *Func) solve() bool {
	fn := f.Fn
	f.entry = make([][]uint64, len(fn.Blocks))
	order := reversePostorder(fn)
	f.entry[0] = make([]uint64, f.ly.size())
	if fn.Recover != nil {
		// Reached by a panic from anywhere: start it with nothing held
		// rather than guess which locks the panicking path held.
		f.entry[fn.Recover.Index] = make([]uint64, f.ly.size())
	}
	for round := 0; ; round++ {
		if round == maxRounds {
			return false
		}
		changed := false
		for _, b := range order {
			in := f.entry[b.Index]
			if in == nil {
				continue
			}
			out := clone(in)
			cut := false
			for _, instr := range b.Instrs {
				if f.cut[instr] {
					cut = true
					break
				}
				f.transfer(out, instr)
			}
			if cut {
				continue
			}
			for i, s := range b.Succs {
				edge := out
				if lock, site, ok := f.tryEdge(b, i); ok {
					edge = clone(out)
					f.acquire(edge, lock, site)
				}
				if f.entry[s.Index] == nil {
					f.entry[s.Index] = clone(edge)
					changed = true
				} else if f.ly.join(f.entry[s.Index], edge) {
					changed = true
				}
			}
		}
		if !changed {
			return true
		}
	}
}

func reversePostorder(fn *ssa.Function) []*ssa.BasicBlock {
	seen := make([]bool, len(fn.Blocks))
	var post []*ssa.BasicBlock
	// Iterative DFS: functions can have thousands of blocks.
	type frame struct {
		b    *ssa.BasicBlock
		next int
	}
	for _, root := range []*ssa.BasicBlock{fn.Blocks[0], fn.Recover} {
		if root == nil || seen[root.Index] {
			continue
		}
		seen[root.Index] = true
		stack := []frame{{b: root}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(top.b.Succs) {
				s := top.b.Succs[top.next]
				top.next++
				if !seen[s.Index] {
					seen[s.Index] = true
					stack = append(stack, frame{b: s})
				}
				continue
			}
			post = append(post, top.b)
			stack = stack[:len(stack)-1]
		}
	}
	for i, j := 0, len(post)-1; i < j; i, j = i+1, j-1 {
		post[i], post[j] = post[j], post[i]
	}
	return post
}

// summarize reads fn's summary off the states at its returns.
func (ps *pass) summarize(f *Func) *Summary {
	ly := f.ly
	var acq, rel []uint64
	for _, b := range f.Fn.Blocks {
		if f.entry[b.Index] == nil || len(b.Instrs) == 0 {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); !ok || b == f.Fn.Recover {
			// The recover block returns after a recovered panic, whose
			// path is not modeled: it says nothing about normal returns.
			continue
		}
		st := clone(f.entry[b.Index])
		cut := false
		for _, in := range b.Instrs {
			if f.cut[in] {
				cut = true
				break
			}
			f.transfer(st, in)
		}
		if cut {
			continue
		}
		must := ly.must(st)
		released := clone(ly.relMust(st))
		for i := range released {
			released[i] &^= ly.may(st)[i]
		}
		if acq == nil {
			acq, rel = clone(must), released
			continue
		}
		for i := range acq {
			acq[i] &= must[i]
			rel[i] &= released[i]
		}
	}
	if acq == nil {
		return nil
	}
	literal := f.Fn.Parent() != nil
	s := new(Summary)
	forEach(acq, func(i int) {
		if e, ok := effectOf(f.locks[i].Path, f.locks[i].Mode, literal); ok {
			s.Acquires = append(s.Acquires, e)
		}
	})
	forEach(rel, func(i int) {
		if e, ok := effectOf(f.locks[i].Path, f.locks[i].Mode, literal); ok {
			s.Releases = append(s.Releases, e)
		}
	})
	if s.Empty() {
		return nil
	}
	return s
}

// lock interns the lock (path, mode) in f.
func (f *Func) lock(byKey map[string]*Lock, p *Path, mode Mode) *Lock {
	key := p.key
	if mode == Shared {
		key += "|r"
	}
	if l, ok := byKey[key]; ok {
		return l
	}
	l := &Lock{Path: p, Mode: mode, index: len(f.locks)}
	f.locks = append(f.locks, l)
	byKey[key] = l
	return l
}

// opsOf returns the lock operations a call (or defer) performs.
func (ps *pass) opsOf(call ssa.CallInstruction, lazy func() (*pathBuilder, map[string]*Lock), f *Func) []Op {
	c := call.Common()
	_, deferred := call.(*ssa.Defer)

	if kind, mode, recv, steps, typ, ok := directOp(c); ok {
		if deferred && kind == TryAcquire {
			return nil // the result is lost: nothing is known to be held
		}
		pb, byKey := lazy()
		p := pb.pathOf(recv)
		if len(steps) > 0 {
			if p = pb.extend(p, steps...); p == nil {
				return nil
			}
		}
		l := f.lock(byKey, p, mode)
		if l.Type == nil {
			l.Type = typ
		}
		if l.expr == "" {
			l.expr = ps.renderCall(call)
		}
		return []Op{{Kind: kind, Lock: l, Call: call, Deferred: deferred}}
	}

	callee := c.StaticCallee()
	if callee == nil {
		return ps.releaserOps(call, lazy, f)
	}
	if isOnceDo(callee) && len(c.Args) == 2 {
		return ps.onceOps(call, c.Args[1], lazy, f)
	}
	sum := ps.summaryOf(callee)
	if sum.Empty() {
		return nil
	}
	pb, byKey := lazy()
	params, free := callArgs(c, callee)
	var embed []Step
	if obj, ok := callee.Object().(*types.Func); ok && len(params) > 0 && obj.Type().(*types.Signature).Recv() != nil {
		var ok bool
		if embed, ok = embedSteps(params[0].Type(), obj); !ok {
			return nil
		}
	}
	var ops []Op
	for _, list := range []struct {
		kind    OpKind
		effects []Effect
	}{{Release, sum.Releases}, {Acquire, sum.Acquires}} {
		for _, e := range list.effects {
			p := ps.mapEffect(pb, e, params, free, embed)
			if p == nil {
				continue
			}
			ops = append(ops, Op{Kind: list.kind, Lock: f.lock(byKey, p, e.Mode), Call: call, Deferred: deferred, Via: callee})
		}
	}
	return ops
}

// isOnceDo reports whether fn is (*sync.Once).Do.
func isOnceDo(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Name() != "Do" || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return false
	}
	recv := obj.Type().(*types.Signature).Recv()
	return recv != nil && types.TypeString(recv.Type(), nil) == "*sync.Once"
}

// onceOps returns the releases of once.Do(fv) as MayRelease operations: Do
// calls fv only the first time, so the lock may or may not be released
// (unlockOnce.Do(c.unlock), the guard against unlocking twice). fv is a
// method value, a function literal or a function; what calling it releases
// comes from its summary. Acquisitions through Do are not modeled.
func (ps *pass) onceOps(call ssa.CallInstruction, fv ssa.Value, lazy func() (*pathBuilder, map[string]*Lock), f *Func) []Op {
	var g *ssa.Function
	var params, free []ssa.Value
	switch v := fv.(type) {
	case *ssa.Function:
		g = v
	case *ssa.MakeClosure:
		g, _ = v.Fn.(*ssa.Function)
		if g == nil {
			return nil
		}
		if isBound(g) {
			if len(v.Bindings) != 1 {
				return nil
			}
			params = []ssa.Value{v.Bindings[0]}
		} else {
			free = v.Bindings
		}
	default:
		return nil
	}
	sum := ps.summaryOf(g)
	if sum == nil || len(sum.Releases) == 0 {
		return nil
	}
	var embed []Step
	if obj, ok := g.Object().(*types.Func); ok && len(params) > 0 && obj.Type().(*types.Signature).Recv() != nil {
		if embed, ok = embedSteps(params[0].Type(), obj); !ok {
			return nil
		}
	}
	_, deferred := call.(*ssa.Defer)
	pb, byKey := lazy()
	var ops []Op
	for _, e := range sum.Releases {
		if p := ps.mapEffect(pb, e, params, free, embed); p != nil {
			ops = append(ops, Op{Kind: MayRelease, Lock: f.lock(byKey, p, e.Mode), Call: call, Deferred: deferred, Via: g})
		}
	}
	return ops
}

// releaserOps returns the releases performed by calling a function value
// that a static call returned, as in unlock := s.lock(); unlock() or
// defer s.lock()(), when the callee's summary says what it releases.
func (ps *pass) releaserOps(call ssa.CallInstruction, lazy func() (*pathBuilder, map[string]*Lock), f *Func) []Op {
	c := call.Common()
	if c.IsInvoke() {
		return nil
	}
	inner, ok := c.Value.(*ssa.Call)
	if !ok {
		return nil
	}
	g := inner.Common().StaticCallee()
	if g == nil {
		return nil
	}
	sum := ps.summaryOf(g)
	if sum == nil || len(sum.ReturnedReleases) == 0 {
		return nil
	}
	_, deferred := call.(*ssa.Defer)
	pb, byKey := lazy()
	params, free := callArgs(inner.Common(), g)
	var embed []Step
	if obj, ok := g.Object().(*types.Func); ok && len(params) > 0 && obj.Type().(*types.Signature).Recv() != nil {
		if embed, ok = embedSteps(params[0].Type(), obj); !ok {
			return nil
		}
	}
	var ops []Op
	for _, e := range sum.ReturnedReleases {
		if p := ps.mapEffect(pb, e, params, free, embed); p != nil {
			ops = append(ops, Op{Kind: Release, Lock: f.lock(byKey, p, e.Mode), Call: call, Deferred: deferred, Via: g})
		}
	}
	return ops
}

// returnedReleases returns the locks that calling the function value fn
// returns releases, on every return: fn must have a single result of
// function type, and each return must yield a bound Unlock or RUnlock
// method or a literal whose summary releases the lock.
func (ps *pass) returnedReleases(fn *ssa.Function, lazy func() (*pathBuilder, map[string]*Lock)) []Effect {
	res := fn.Signature.Results()
	if res.Len() != 1 {
		return nil
	}
	if _, ok := res.At(0).Type().Underlying().(*types.Signature); !ok {
		return nil
	}
	literal := fn.Parent() != nil
	var common []Effect
	first := true
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 || b == fn.Recover {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		mc, ok := ret.Results[0].(*ssa.MakeClosure)
		if !ok {
			return nil
		}
		var here []Effect
		if isBound(mc.Fn.(*ssa.Function)) {
			kind, mode, recv, steps, _, ok := directOp(&ssa.CallCommon{Value: mc})
			if !ok || kind != Release {
				return nil
			}
			pb, _ := lazy()
			p := pb.pathOf(recv)
			if len(steps) > 0 {
				p = pb.extend(p, steps...)
			}
			if p == nil {
				return nil
			}
			e, ok := effectOf(p, mode, literal)
			if !ok {
				return nil
			}
			here = []Effect{e}
		} else {
			sum := ps.summaryOf(mc.Fn.(*ssa.Function))
			if sum == nil {
				return nil
			}
			pb, _ := lazy()
			for _, e := range sum.Releases {
				if e.Root != RootFreeVar {
					if e.Root == RootGlobal {
						here = append(here, e)
					}
					continue
				}
				p := ps.mapEffect(pb, e, nil, mc.Bindings, nil)
				if p == nil {
					continue
				}
				if e2, ok := effectOf(p, e.Mode, literal); ok {
					here = append(here, e2)
				}
			}
		}
		if first {
			common, first = here, false
			continue
		}
		common = slices.DeleteFunc(common, func(e Effect) bool {
			return !slices.ContainsFunc(here, func(h Effect) bool { return h.key() == e.key() })
		})
	}
	return common
}

// summaryOf returns the summary of a statically called function: computed
// for the package's functions, a fact for imported ones.
func (ps *pass) summaryOf(callee *ssa.Function) *Summary {
	if ps.src[callee] {
		return ps.res.summaries[callee]
	}
	if len(callee.TypeArgs()) > 0 {
		if o := callee.Origin(); o != nil && ps.src[o] {
			return ps.res.summaries[o]
		}
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return nil
	}
	obj = obj.Origin()
	if g := ps.res.local[obj]; g != nil {
		return ps.res.summaries[g]
	}
	return ps.importedSummary(obj)
}

// directOp recognizes a call of a lock method and returns the receiver
// value, the implicit embedded-field steps from it to the lock, and the
// lock's type.
func directOp(c *ssa.CallCommon) (kind OpKind, mode Mode, recv ssa.Value, steps []Step, typ types.Type, ok bool) {
	if c.IsInvoke() {
		kind, mode, ok = lockMethod(c.Method)
		if !ok || !isLockerShaped(c.Value.Type()) {
			return 0, 0, nil, nil, nil, false
		}
		return kind, mode, c.Value, nil, c.Value.Type(), true
	}
	f := c.StaticCallee()
	if f == nil {
		return 0, 0, nil, nil, nil, false
	}
	obj, isFunc := f.Object().(*types.Func)
	if !isFunc {
		return 0, 0, nil, nil, nil, false
	}
	kind, mode, ok = lockMethod(obj)
	if !ok {
		return 0, 0, nil, nil, nil, false
	}
	params, _ := callArgs(c, f)
	if len(params) == 0 {
		return 0, 0, nil, nil, nil, false
	}
	steps, ok = embedSteps(params[0].Type(), obj)
	if !ok {
		return 0, 0, nil, nil, nil, false
	}
	return kind, mode, params[0], steps, obj.Type().(*types.Signature).Recv().Type(), true
}

// mapEffect maps a callee's summary effect onto the caller's values.
func (ps *pass) mapEffect(pb *pathBuilder, e Effect, params, free []ssa.Value, embed []Step) *Path {
	var base *Path
	steps := e.Steps
	switch e.Root {
	case RootParam:
		if e.Index < 0 || e.Index >= len(params) {
			return nil
		}
		base = pb.pathOf(params[e.Index])
		if e.Index == 0 && len(embed) > 0 {
			steps = append(append([]Step(nil), embed...), steps...)
		}
	case RootFreeVar:
		if e.Index < 0 || e.Index >= len(free) {
			return nil
		}
		base = pb.pathOf(free[e.Index])
	case RootGlobal:
		base = ps.globalRoot(pb, e.Name)
	default:
		return nil
	}
	if len(steps) == 0 {
		return base
	}
	return pb.extend(base, steps...)
}

// globalRoot makes the path of the global "pkg/path.name" as the caller
// would write it, with its type when the package is known here.
func (ps *pass) globalRoot(pb *pathBuilder, name string) *Path {
	dot := strings.LastIndex(name, ".")
	if dot < 0 {
		return nil
	}
	path, short := name[:dot], name[dot+1:]
	var pkg *types.Package
	if path == ps.Pkg.Path() {
		pkg = ps.Pkg
	} else {
		for _, imp := range ps.Pkg.Imports() {
			if imp.Path() == path {
				pkg = imp
			}
		}
	}
	display := short
	var typ types.Type
	if pkg != nil {
		if pkg != ps.Pkg {
			display = pkg.Name() + "." + short
		}
		if v, ok := pkg.Scope().Lookup(short).(*types.Var); ok {
			typ = types.NewPointer(v.Type())
		}
	} else if i := strings.LastIndex(path, "/"); i >= 0 {
		display = path[i+1:] + "." + short
	} else {
		display = path + "." + short
	}
	return pb.root(RootGlobal, 0, name, display, nil, typ, "g:"+name)
}
