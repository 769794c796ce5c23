package forgetunlock

import (
	"fmt"
	"go/ast"
	"go/types"
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
	"github.com/asynclint/asynclint/passes/lockset"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "forgetunlock",
	Run:  run,
	Requires: []*analysis.Analyzer{
		buildssa.Analyzer,
		inspect.Analyzer,
		lockset.Analyzer,
		generated.Analyzer,
	},
}, doc)

// Analyzer reports a lock left held on some return paths only.
var Analyzer = Check.Analyzer

func run(pass *analysis.Pass) (any, error) {
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	in, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if ssainfo == nil || locks == nil {
		return nil, nil
	}
	c := &checker{pass: pass, calls: ssapos.NewCalls(in)}
	for _, fn := range ssainfo.SrcFuncs {
		if f := locks.Func(fn); f != nil && !declaredLocking(fn) {
			c.check(f)
		}
	}
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	calls *ssapos.Calls
}

type ret struct {
	instr *ssa.Return
	state *lockset.State
}

// check looks for a lock held on every path to one return and on no path
// to another: the function clearly means to release it (lostcancel's
// reasoning), and one path forgets.
func (c *checker) check(f *lockset.Func) {
	var rets []ret
	for _, b := range f.Fn.Blocks {
		if b == f.Fn.Recover || len(b.Instrs) == 0 {
			continue // returns after a recovered panic are not normal paths
		}
		r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if st := f.Before(r); st != nil {
			rets = append(rets, ret{r, st})
		}
	}
	for _, l := range f.Locks() {
		if l.Path.Kind == lockset.RootValue {
			// Rooted at a φ or an opaque value (hand-over-hand locking
			// through a reassigned variable): the Unlock may name the
			// same mutex through another value, which the path cannot tell.
			continue
		}
		after := reachableFrom(f, l)
		var holding, clean []ret
		var held lockset.Held
		for _, r := range rets {
			switch {
			case r.state.MustHold(l):
				holding = append(holding, r)
				for _, h := range r.state.Held() {
					if h.Lock == l && len(held.Sites) == 0 {
						held = h
					}
				}
			case !r.state.MayHold(l) && after[r.instr.Block()]:
				// Only a return reached after locking shows the intent
				// to release; an early return before the Lock does not.
				clean = append(clean, r)
			}
		}
		if len(holding) == 0 || len(clean) == 0 || len(held.Sites) == 0 || deferredAcquire(held) {
			continue
		}
		if l.Path.Exportable() && conditionalHelper(holding, clean) {
			continue // returns holding the lock on success, by design
		}
		for _, r := range holding {
			if returnsFunc(r.instr) {
				continue // hands the caller an unlock function
			}
			if !reachableAlive(f, r.instr.Block(), held.Sites) {
				continue // every path goes through os.Exit, log.Fatal, ...
			}
			c.report(f, r.instr, held, clean[0].instr)
			break
		}
	}
}

// reachableFrom returns the blocks reachable from an acquisition of l.
func reachableFrom(f *lockset.Func, l *lockset.Lock) map[*ssa.BasicBlock]bool {
	seen := map[*ssa.BasicBlock]bool{}
	var stack []*ssa.BasicBlock
	for _, b := range f.Fn.Blocks {
		for _, in := range b.Instrs {
			for _, op := range f.Ops(in) {
				if op.Lock == l && (op.Kind == lockset.Acquire || op.Kind == lockset.TryAcquire) && !seen[b] {
					seen[b] = true
					stack = append(stack, b)
				}
			}
		}
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return seen
}

// deferredAcquire reports whether the lock is held because of a deferred
// Lock/RLock: the function gives back a lock its caller held
// (mu.RUnlock(); defer mu.RLock()), by design.
func deferredAcquire(h lockset.Held) bool {
	for _, s := range h.Sites {
		if _, ok := s.Call.(*ssa.Defer); ok {
			return true
		}
	}
	return false
}

// declaredLocking reports whether the function says it returns holding a
// lock: its name or doc comment speaks of locking ("lock", "acquire").
func declaredLocking(fn *ssa.Function) bool {
	name := strings.ToLower(fn.Name())
	if fn.Parent() != nil {
		name = strings.ToLower(fn.Parent().Name())
	}
	for _, w := range []string{"lock", "acquire", "grab", "enter"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	if decl, ok := fn.Syntax().(*ast.FuncDecl); ok && decl.Doc != nil {
		doc := strings.ToLower(decl.Doc.Text())
		for _, w := range []string{"locked", "holding", "held", "acquires"} {
			if strings.Contains(doc, w) {
				return true
			}
		}
	}
	return false
}

// conditionalHelper reports the "lock if ok" API shape: every return
// holding the lock reports success (a nil error or true as its last
// result) and every return without it reports failure.
func conditionalHelper(holding, clean []ret) bool {
	for _, r := range holding {
		if outcome(r.instr) != success {
			return false
		}
	}
	for _, r := range clean {
		if outcome(r.instr) != failure {
			return false
		}
	}
	return true
}

type result int

const (
	unknown result = iota
	success
	failure
)

func outcome(r *ssa.Return) result {
	if len(r.Results) == 0 {
		return unknown
	}
	v := r.Results[len(r.Results)-1]
	k, isConst := v.(*ssa.Const)
	switch t := v.Type().Underlying().(type) {
	case *types.Basic:
		if t.Kind() != types.Bool || !isConst || k.Value == nil {
			return unknown
		}
		if k.Value.String() == "true" {
			return success
		}
		return failure
	case *types.Interface:
		if !types.Identical(v.Type(), types.Universe.Lookup("error").Type()) {
			return unknown
		}
		if isConst && k.IsNil() {
			return success
		}
		return failure
	}
	return unknown
}

// returnsFunc reports whether the return hands back a function value (an
// unlock or cancel function the caller must call).
func returnsFunc(r *ssa.Return) bool {
	for _, v := range r.Results {
		if _, ok := v.Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// reachableAlive reports whether some path from an acquisition site to the
// block b avoids calls that never return (os.Exit, log.Fatal, t.Fatal, ...).
func reachableAlive(f *lockset.Func, b *ssa.BasicBlock, sites []lockset.Site) bool {
	siteBlocks := map[*ssa.BasicBlock]bool{}
	for _, s := range sites {
		siteBlocks[s.Call.Block()] = true
	}
	seen := map[*ssa.BasicBlock]bool{b: true}
	stack := []*ssa.BasicBlock{b}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if noReturn(x) {
			continue
		}
		if siteBlocks[x] {
			return true
		}
		for _, p := range x.Preds {
			if !seen[p] {
				seen[p] = true
				stack = append(stack, p)
			}
		}
	}
	return false
}

// noReturn reports whether the block calls a function that never returns.
func noReturn(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		call, ok := in.(*ssa.Call)
		if !ok {
			continue
		}
		callee := call.Call.StaticCallee()
		if callee == nil {
			continue
		}
		obj, ok := callee.Object().(*types.Func)
		if !ok {
			continue
		}
		switch obj.FullName() {
		case "os.Exit", "runtime.Goexit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln",
			"(*log.Logger).Fatal", "(*log.Logger).Fatalf", "(*log.Logger).Fatalln", "(*log.Logger).Panic", "(*log.Logger).Panicf", "(*log.Logger).Panicln",
			"(*testing.common).Fatal", "(*testing.common).Fatalf", "(*testing.common).FailNow",
			"(*testing.common).Skip", "(*testing.common).Skipf", "(*testing.common).SkipNow":
			return true
		}
	}
	return false
}

func (c *checker) report(f *lockset.Func, r *ssa.Return, h lockset.Held, clean *ssa.Return) {
	lock := h.Lock.String()
	unlock := "Unlock"
	if h.Lock.Mode == lockset.Shared {
		unlock = "RUnlock"
	}
	msg := fmt.Sprintf("%s is still locked on this path to return, while other returns release it: the next Lock of %s blocks forever; call %s.%s before returning, or defer it right after locking",
		lock, lock, lock, unlock)
	opts := []report.Option{report.FilterGenerated()}
	for i, s := range h.Sites {
		if i == 3 {
			break
		}
		opts = append(opts, report.Related(c.calls.Node(s.Call), lock+" locked here"))
	}
	if p := clean.Pos(); p.IsValid() {
		opts = append(opts, report.Related(ssapos.Pos(p), "this return releases it"))
	}
	pos := r.Pos()
	if !pos.IsValid() {
		// The implicit return at the end of the body: point at its brace.
		if body := funcBody(f.Fn); body != nil {
			pos = body.Rbrace
		}
	}
	if !pos.IsValid() {
		return
	}
	report.Report(c.pass, ssapos.Pos(pos), msg, opts...)
}

func funcBody(fn *ssa.Function) *ast.BlockStmt {
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		return s.Body
	case *ast.FuncLit:
		return s.Body
	}
	return nil
}
