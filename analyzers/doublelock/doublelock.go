package doublelock

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/internal/ssapos"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "doublelock",
	Run:  run,
	Requires: []*analysis.Analyzer{
		buildssa.Analyzer,
		inspect.Analyzer,
		lockset.Analyzer,
		lockacq.Analyzer,
		generated.Analyzer,
	},
}, doc)

// Analyzer reports a lock acquired again where it is already held.
var Analyzer = Check.Analyzer

func run(pass *analysis.Pass) (any, error) {
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	acqs, _ := pass.ResultOf[lockacq.Analyzer].(*lockacq.Result)
	in, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if ssainfo == nil || locks == nil || acqs == nil {
		return nil, nil
	}
	c := &checker{pass: pass, calls: ssapos.NewCalls(in)}
	for _, fn := range ssainfo.SrcFuncs {
		f := locks.Func(fn)
		if f == nil {
			continue // nothing is ever held in fn
		}
		handoff := handedOff(locks, fn)
		f.Walk(func(instr ssa.Instruction, s *lockset.State) {
			if s.Empty() {
				return
			}
			// Direct acquisitions (Lock/RLock, or a helper returning
			// holding the lock).
			for _, op := range f.Ops(instr) {
				// Helpers' acquisitions are checked below, against the
				// lockacq summary, which knows when the helper released
				// the caller's lock before re-acquiring it (lockset's net
				// summary does not).
				if op.Kind != lockset.Acquire || op.Deferred || op.Via != nil {
					continue
				}
				for _, h := range s.Held() {
					if h.Must && h.Lock.Path == op.Lock.Path && !handoff(h.Lock.Path) {
						c.report(op.Call, h, op.Lock.Mode, "", token.NoPos, "")
					}
				}
			}
			// Calls of functions that lock and unlock inside.
			call, ok := instr.(*ssa.Call)
			if !ok {
				return
			}
			callee := lockacq.Callee(call.Common())
			if callee == nil || len(f.Ops(instr)) > 0 && f.Ops(instr)[0].Via == nil {
				return // a lock method itself: handled above
			}
			for _, a := range acqs.Of(callee) {
				if a.Effect.Root == 0 {
					continue
				}
				loc, ok := lockacq.Map(call.Common(), callee, a)
				if !ok {
					continue
				}
				for _, h := range s.Held() {
					if !h.Must || !loc.Same(h.Lock.Path) {
						continue
					}
					chain := strings.Join(append([]string{lockacq.DisplayName(callee)}, a.Chain...), " → ")
					c.report(call, h, a.Effect.Mode, chain, a.Pos(), a.At)
					break
				}
			}
		})
	}
	return nil, nil
}

// handedOff returns a predicate telling whether a lock of fn is released
// by another function it shares the mutex with: a function literal of fn
// (go func() { ...; mu.Unlock() }()) or, for a literal, the function that
// created it. The mutex is then used as a binary semaphore, locked here and
// unlocked elsewhere, and a second Lock is how this goroutine waits.
func handedOff(locks *lockset.Result, fn *ssa.Function) func(*lockset.Path) bool {
	var released []lockacq.Loc
	// Literals created in fn that release a captured lock.
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			mc, ok := in.(*ssa.MakeClosure)
			if !ok {
				continue
			}
			lit, _ := mc.Fn.(*ssa.Function)
			for _, p := range releases(locks, lit) {
				if p.Kind != lockset.RootFreeVar || p.Index >= len(mc.Bindings) {
					continue
				}
				if l, ok := lockacq.Decompose(mc.Bindings[p.Index]); ok {
					l.Steps = append(l.Steps, p.Steps...)
					released = append(released, l)
				}
			}
		}
	}
	// For a literal: the parent releases what the literal captured.
	if parent := fn.Parent(); parent != nil {
		for _, p := range releases(locks, parent) {
			for i, fv := range fn.FreeVars {
				if b := binding(parent, fn, i); b != nil {
					if l, ok := lockacq.Decompose(b); ok && sameLoc(l, p) {
						released = append(released, lockacq.Loc{Kind: lockset.RootFreeVar, Index: i, Name: fv.Name(), Steps: p.Steps[len(l.Steps):]})
					}
				}
			}
		}
	}
	return func(p *lockset.Path) bool {
		for _, l := range released {
			if l.Same(p) {
				return true
			}
		}
		return false
	}
}

// releases lists the paths fn releases anywhere.
func releases(locks *lockset.Result, fn *ssa.Function) []*lockset.Path {
	f := locks.Func(fn)
	if f == nil {
		return nil
	}
	var out []*lockset.Path
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			for _, op := range f.Ops(in) {
				if op.Kind == lockset.Release {
					out = append(out, op.Lock.Path)
				}
			}
		}
	}
	return out
}

// binding returns the value parent binds to lit's i-th free variable.
func binding(parent, lit *ssa.Function, i int) ssa.Value {
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			if mc, ok := in.(*ssa.MakeClosure); ok && mc.Fn == lit && i < len(mc.Bindings) {
				return mc.Bindings[i]
			}
		}
	}
	return nil
}

// sameLoc reports whether l is a prefix-equal root of p (p selects at least
// l's steps from the same root).
func sameLoc(l lockacq.Loc, p *lockset.Path) bool {
	if len(p.Steps) < len(l.Steps) {
		return false
	}
	q := *p
	q.Steps = p.Steps[:len(l.Steps)]
	return l.Same(&q)
}

type checker struct {
	pass  *analysis.Pass
	calls *ssapos.Calls
	done  map[token.Pos]bool
}

// report explains a lock acquired (in mode) while h is held. via is the
// helper chain for an acquisition inside a callee, whose Lock call is at
// inner (this package) or described by at.
func (c *checker) report(call ssa.CallInstruction, h lockset.Held, mode lockset.Mode, via string, inner token.Pos, at string) {
	if c.done == nil {
		c.done = map[token.Pos]bool{}
	}
	if c.done[call.Pos()] {
		return
	}
	c.done[call.Pos()] = true
	lock := h.Lock.String()
	heldMode := h.Lock.Mode
	var what, why string
	switch {
	case heldMode == lockset.Exclusive && mode == lockset.Exclusive:
		what, why = "locked again while already locked", "sync mutexes are not reentrant, so this Lock waits for itself forever"
	case heldMode == lockset.Exclusive && mode == lockset.Shared:
		what, why = "read-locked while already write-locked", "RLock waits for the write lock this goroutine holds, forever"
	case heldMode == lockset.Shared && mode == lockset.Exclusive:
		what, why = "write-locked while already read-locked", "Lock waits for every reader, including this goroutine, forever (RWMutex locks cannot be upgraded)"
	default:
		what, why = "read-locked again while already read-locked", "if another goroutine calls Lock between the two RLocks, the second RLock waits behind that writer, which waits for the first: deadlock (sync.RWMutex forbids recursive read locking)"
	}
	where := ""
	if via != "" {
		where = " by " + via
		if at != "" && !inner.IsValid() {
			where += " (at " + at + ")"
		}
	}
	fix := "release it first, or call a variant that expects the lock to be held"
	msg := fmt.Sprintf("%s is %s%s: %s; %s", lock, what, where, why, fix)
	opts := []report.Option{report.FilterGenerated()}
	for i, site := range h.Sites {
		if i == 3 {
			break
		}
		opts = append(opts, report.Related(c.calls.Node(site.Call), lock+" first locked here"))
	}
	if inner.IsValid() {
		opts = append(opts, report.Related(ssapos.Pos(inner), "locked again here"))
	}
	report.Report(c.pass, c.calls.Node(call), msg, opts...)
}
