package unusedasync

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/awaitpoints"
	"github.com/asynclint/asynclint/passes/mayblock"
)

// IgnoresCo is the object fact of a function or method that takes a
// *asyncrt.Co and does not need it: it never reaches an await point and
// uses the co for nothing else (no spawning, no storing, no passing it to
// code that needs it). A caller passing its co only to such functions does
// not need its co either. Absent for functions not analyzed, so unknown
// callees count as needing the co.
type IgnoresCo struct{}

func (*IgnoresCo) AFact() {}

func (*IgnoresCo) String() string { return "ignoresCo" }

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "unusedasync",
	Run:  run,
	Requires: []*analysis.Analyzer{
		buildssa.Analyzer,
		awaitpoints.Analyzer,
		mayblock.Analyzer,
		generated.Analyzer,
		tokenfile.Analyzer, // report.Report looks files up through it
	},
	FactTypes: []analysis.Fact{new(IgnoresCo)},
}, doc)

// Analyzer reports functions that take a *asyncrt.Co and never await.
var Analyzer = Check.Analyzer

// exported makes the check report exported functions and methods too.
var exported bool

func init() {
	Analyzer.Flags.BoolVar(&exported, "exported", false,
		"also report exported functions and methods (their *asyncrt.Co may be there for API stability)")
}

// The check is written against SSA: "never reaches an await point" is the
// awaitpoints pass's MaySuspend, computed over SSA and across packages,
// and "uses the co for nothing else" is a question about the referrers of
// the co parameter's SSA value. The syntax is used only for the exclusions
// that are about how the program is written: functions mentioned as values
// (they must match a func type) and stub bodies.
func run(pass *analysis.Pass) (any, error) {
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	aw, _ := pass.ResultOf[awaitpoints.Analyzer].(*awaitpoints.Result)
	mb, _ := pass.ResultOf[mayblock.Analyzer].(*mayblock.Result)
	if ssainfo == nil || aw == nil || mb == nil || asyncapi.IsRuntimePackage(pass.Pkg) || !asyncapi.SeesAsyncrt(pass.Pkg) {
		return nil, nil
	}
	c := &checker{
		pass:  pass,
		aw:    aw,
		mb:    mb,
		nodes: make(map[*ssa.Function]*node),
	}
	for _, fn := range ssainfo.SrcFuncs {
		c.add(fn)
	}
	if len(c.nodes) == 0 {
		return nil, nil
	}
	c.solve()
	c.exportFacts()
	c.report()
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	aw    *awaitpoints.Result
	mb    *mayblock.Result
	nodes map[*ssa.Function]*node
	order []*node
	// valueUses holds the functions mentioned other than as a callee,
	// computed on first use.
	valueUses map[*types.Func]bool
	ifaces    map[string][]*types.Signature // interface methods by name
}

// node is one function of the package with a *asyncrt.Co parameter.
type node struct {
	fn    *ssa.Function
	co    *ssa.Parameter
	needs bool
	// callers are the nodes that pass their co to this one, and need it
	// if this one does.
	callers []*node
	// deps are the local nodes this one passes its co to.
	deps []*node
}

func (c *checker) add(fn *ssa.Function) {
	i := asyncapi.CoParam(fn.Signature)
	if i < 0 || len(fn.Blocks) == 0 {
		return
	}
	if fn.Signature.Recv() != nil {
		i++
	}
	if i >= len(fn.Params) {
		return
	}
	n := &node{fn: fn, co: fn.Params[i]}
	c.nodes[fn] = n
	c.order = append(c.order, n)
}

// solve computes which nodes need their co: directly (they may suspend, or
// use the co other than by passing it on), or by passing it to a function
// that needs it. A least fixed point: needs only ever becomes true.
func (c *checker) solve() {
	var queue []*node
	for _, n := range c.order {
		if c.aw.MaySuspend(n.fn) || c.awaitsWrongly(n.fn) {
			n.needs = true
		} else {
			c.scanUses(n)
		}
		if n.needs {
			queue = append(queue, n)
		}
	}
	for _, n := range c.order {
		for _, d := range n.deps {
			d.callers = append(d.callers, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, caller := range n.callers {
			if !caller.needs {
				caller.needs = true
				queue = append(queue, caller)
			}
		}
	}
}

// scanUses looks at every use of n's co parameter. Passing it as the co
// argument of a function of this package records a dependency; passing it
// to an imported function with the IgnoresCo fact is free; anything else
// (spawning with it, storing it, converting it to an interface, capturing it
// in a closure, handing it to unknown code) needs it.
func (c *checker) scanUses(n *node) {
	refs := n.co.Referrers()
	if refs == nil {
		return
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
			continue
		case *ssa.Call, *ssa.Defer:
			if dep, free := c.passedTo(ref.(ssa.CallInstruction).Common(), n.co); free {
				if dep != nil {
					n.deps = append(n.deps, dep)
				}
				continue
			}
		}
		n.needs = true
		return
	}
}

// passedTo decides a call that mentions co. free reports whether the call
// does not make the caller need its co: co is only the co argument of a
// statically known function that may not need it; dep is that function
// when it is one of the package's (its answer comes from the fixed point).
func (c *checker) passedTo(call *ssa.CallCommon, co ssa.Value) (dep *node, free bool) {
	if call.IsInvoke() || call.Value == co {
		return nil, false
	}
	callee := call.StaticCallee()
	if callee == nil {
		return nil, false
	}
	idx := asyncapi.CoParam(callee.Signature)
	if idx < 0 {
		return nil, false
	}
	if callee.Signature.Recv() != nil {
		idx++
	}
	for i, a := range call.Args {
		if a == co && i != idx {
			return nil, false // also passed in another role (as a Spawner, say)
		}
	}
	if d := c.nodes[callee]; d != nil {
		return d, true
	}
	if o := callee.Origin(); o != nil && c.nodes[o] != nil {
		return c.nodes[o], true
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil {
		return nil, false
	}
	obj = obj.Origin()
	if obj.Pkg() == c.pass.Pkg {
		return nil, false // a local function without a node (no body)
	}
	return nil, c.pass.ImportObjectFact(obj, new(IgnoresCo))
}

// exportFacts records IgnoresCo on the exported functions and methods that
// do not need their co: only those can be called from other packages.
func (c *checker) exportFacts() {
	for _, n := range c.order {
		if n.needs || n.fn.Parent() != nil {
			continue
		}
		if obj, ok := n.fn.Object().(*types.Func); ok && obj.Pkg() == c.pass.Pkg && obj.Exported() {
			c.pass.ExportObjectFact(obj, new(IgnoresCo))
		}
	}
}

func (c *checker) report() {
	for _, n := range c.order {
		if n.needs {
			continue
		}
		name, pos, ok := c.candidate(n)
		if !ok {
			continue
		}
		coName := n.co.Name()
		msg := fmt.Sprintf("%s takes a *asyncrt.Co but never awaits (it reaches no await point) and uses %s for nothing else: it makes every caller pass a coroutine, and so be async, for nothing; remove the parameter", name, coName)
		report.Report(c.pass, pos, msg, report.FilterGenerated())
	}
}

// awaitsWrongly reports whether fn does async work without its co: it may
// block (time.Sleep, a channel receive, I/O, ...) or makes a future that it
// does not return (and so drops, spawns on a runtime, or hands on). The co
// is then missing rather than unneeded — the fix is to await with it, as
// the blocking and droppedfuture checks say — and "remove the parameter"
// would be the wrong advice. Such a function counts as needing its co, and
// so do callers that pass theirs to it.
func (c *checker) awaitsWrongly(fn *ssa.Function) bool {
	if _, blocks := c.mb.Blocking(fn); blocks {
		return true
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Call:
				if isFuture(instr.Type()) && !onlyReturned(instr) || droppedFromTuple(instr) {
					return true
				}
			case *ssa.Extract: // a future among several results
				if isFuture(instr.Type()) && !onlyReturned(instr) {
					return true
				}
			case *ssa.Go: // a future made and dropped by a goroutine
				if res := instr.Call.Signature().Results(); res.Len() == 1 && isFuture(res.At(0).Type()) {
					return true
				}
			}
		}
	}
	return false
}

// droppedFromTuple reports whether call returns several results, one of
// them a future that is never extracted.
func droppedFromTuple(call *ssa.Call) bool {
	tup, ok := call.Type().(*types.Tuple)
	if !ok {
		return false
	}
	for i := 0; i < tup.Len(); i++ {
		if !isFuture(tup.At(i).Type()) {
			continue
		}
		extracted := false
		if refs := call.Referrers(); refs != nil {
			for _, ref := range *refs {
				if e, ok := ref.(*ssa.Extract); ok && e.Index == i {
					extracted = true
				}
			}
		}
		if !extracted {
			return true
		}
	}
	return false
}

func isFuture(t types.Type) bool {
	_, ok := asyncapi.FutureResult(t)
	return ok
}

// onlyReturned reports whether v is used, and only as a result of its
// function (possibly through an interface conversion): a future
// constructor. A value with no use at all is dropped, not returned.
func onlyReturned(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	returned := false
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Return:
			returned = true
		case *ssa.MakeInterface:
			if !onlyReturned(ref) {
				return false
			}
			returned = true
		default:
			return false
		}
	}
	return returned
}

// candidate applies the exclusions to a function that does not need its
// co, and returns how to name it and where to report.
func (c *checker) candidate(n *node) (string, ast.Node, bool) {
	fn := n.fn
	// An unnamed or blank co says the parameter is there on purpose, to
	// match a signature.
	if v, ok := n.co.Object().(*types.Var); !ok || v.Name() == "" || v.Name() == "_" {
		return "", nil, false
	}
	if fn.Synthetic != "" {
		return "", nil, false
	}
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if isStub(syn.Body) {
			return "", nil, false
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok {
			return "", nil, false
		}
		if !exported && obj.Exported() && c.pass.Pkg.Name() != "main" {
			return "", nil, false // public API: may keep co for compatibility
		}
		if c.usedAsValue(obj) {
			return "", nil, false // must match a func type
		}
		if fn.Signature.Recv() != nil && c.implementsInterface(obj) {
			return "", nil, false
		}
		return awaitpoints.DisplayName(obj), syn.Name, true
	case *ast.FuncLit:
		if isStub(syn.Body) || !calledOnTheSpot(fn) {
			return "", nil, false // a literal handed on must match a func type
		}
		return "this function literal", span{syn.Type.Func, syn.Type.Func + token.Pos(len("func"))}, true
	}
	return "", nil, false
}

// isStub reports whether body is empty or only panics: a placeholder that
// will await once written, or a deliberate "not supported".
func isStub(body *ast.BlockStmt) bool {
	if body == nil || len(body.List) == 0 {
		return true
	}
	if len(body.List) != 1 {
		return false
	}
	es, ok := body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	return ok && id.Name == "panic"
}

// calledOnTheSpot reports whether every use of the literal fn is a direct
// call (not a defer, go, or any other use).
func calledOnTheSpot(fn *ssa.Function) bool {
	var v ssa.Value = fn
	if len(fn.FreeVars) > 0 {
		v = nil
		if refs := fn.Referrers(); refs != nil {
			for _, ref := range *refs {
				if mc, ok := ref.(*ssa.MakeClosure); ok && mc.Fn == fn {
					v = mc
				}
			}
		}
		if v == nil {
			return false
		}
	}
	refs := v.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			if ref.Call.Value != v {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// usedAsValue reports whether the function or method obj is mentioned in
// the package other than as the callee of a call: passed to asyncrt.Async,
// assigned to a func-typed variable, a method value handed on. It must then
// keep its signature.
func (c *checker) usedAsValue(obj *types.Func) bool {
	if c.valueUses == nil {
		c.valueUses = make(map[*types.Func]bool)
		callees := make(map[*ast.Ident]bool)
		for _, f := range c.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id := calleeIdent(call.Fun); id != nil {
						callees[id] = true
					}
				}
				return true
			})
		}
		for id, o := range c.pass.TypesInfo.Uses {
			if f, ok := o.(*types.Func); ok && !callees[id] {
				c.valueUses[f.Origin()] = true
			}
		}
	}
	return c.valueUses[obj.Origin()]
}

// calleeIdent returns the identifier naming the function a call expression
// calls: f, pkg.f, x.m, f[T].
func calleeIdent(fun ast.Expr) *ast.Ident {
	fun = ast.Unparen(fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = ast.Unparen(f.X)
	case *ast.IndexListExpr:
		fun = ast.Unparen(f.X)
	}
	switch f := fun.(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	}
	return nil
}

// implementsInterface reports whether the method obj has the name and
// signature of a method of an interface the package declares, uses, or
// imports from its direct dependencies: it may be there to satisfy it. An
// unexported method can only satisfy interfaces of its own package, which
// the package's own declarations and uses cover; for exported methods
// (reported only with -exported) interfaces of other packages count too.
func (c *checker) implementsInterface(obj *types.Func) bool {
	if c.ifaces == nil {
		c.ifaces = make(map[string][]*types.Signature)
		seen := make(map[*types.Interface]bool)
		addIface := func(t types.Type) {
			if t == nil {
				return
			}
			it, ok := t.Underlying().(*types.Interface)
			if !ok || seen[it] {
				return
			}
			seen[it] = true
			for i := 0; i < it.NumMethods(); i++ {
				m := it.Method(i)
				if sig, ok := m.Type().(*types.Signature); ok {
					c.ifaces[m.Name()] = append(c.ifaces[m.Name()], sig)
				}
			}
		}
		for _, tv := range c.pass.TypesInfo.Types {
			addIface(tv.Type)
		}
		addScope := func(s *types.Scope) {
			for _, name := range s.Names() {
				if tn, ok := s.Lookup(name).(*types.TypeName); ok {
					addIface(tn.Type())
				}
			}
		}
		addScope(c.pass.Pkg.Scope())
		for _, imp := range c.pass.Pkg.Imports() {
			addScope(imp.Scope())
		}
	}
	sig, _ := obj.Type().(*types.Signature)
	for _, isig := range c.ifaces[obj.Name()] {
		if types.Identical(sig, isig) {
			return true
		}
	}
	return false
}

type span struct{ pos, end token.Pos }

func (s span) Pos() token.Pos { return s.pos }
func (s span) End() token.Pos { return s.end }
