package mayblock

import (
	"container/heap"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/settings"
)

// node is one function of the package in the call graph.
type node struct {
	fn    *ssa.Function
	sites []site  // blocking operations and calls that may block, in instruction order
	calls []*node // callers' edges reversed: the nodes that call this one
	// self is set when the function is itself a blocking operation (a
	// knowledge-base or declared-blocking function of this package).
	self *knownOp
	// nonblocking: declared not to block; no sites, no evidence.
	nonblocking bool
	// asCallee memoizes the callee of a function literal.
	asCallee *callee

	dist [nClasses]int32     // shortest chain length per class; 0 = none
	ev   [nClasses]*Evidence // the evidence per class, built after the search
}

// site is an instruction of a node that contributes to its blocking.
type site struct {
	instr  ssa.Instruction
	op     *Op     // a blocking operation, or
	callee *callee // a call to a local or foreign function that may block
}

// best returns the shortest evidence among classes, ties to class order.
func (n *node) best(want Class) *Evidence {
	if n.self != nil {
		if n.self.class&want != 0 {
			return &Evidence{Class: n.self.class, Op: n.self.name}
		}
		return nil
	}
	var best *Evidence
	for i, c := range classes {
		e := n.ev[i]
		if e != nil && c&want != 0 && (best == nil || e.Len() < best.Len()) {
			best = e
		}
	}
	return best
}

// calleeKind says how a called function is known.
type calleeKind uint8

const (
	calleeNone        calleeKind = iota // does not block (or unknown)
	calleeOp                            // is a blocking operation itself
	calleeNonblocking                   // declared not to block: stops propagation
	calleeLocal                         // a function of this package: see node
	calleeForeign                       // of another package: see fact
)

type callee struct {
	kind calleeKind
	name string // display name
	op   *Op    // calleeOp (Pos unset)
	node *node
	fact *MayBlock
}

var noCallee = &callee{kind: calleeNone}

func run(pass *analysis.Pass) (any, error) {
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{
		pass:    pass,
		kb:      newKB(settings.Current()),
		nodes:   make(map[*ssa.Function]*node),
		byObj:   make(map[*types.Func]*node),
		callees: make(map[*types.Func]*callee),
	}
	defer func() { r.frozen = true }()
	r.kb.readDirectives(pass.Files, pass.TypesInfo)
	if ssainfo == nil || ssainfo.Pkg == nil {
		return r, nil
	}
	funcs := ssainfo.SrcFuncs
	for _, fn := range funcs {
		n := &node{fn: fn}
		r.nodes[fn] = n
		if obj, ok := fn.Object().(*types.Func); ok {
			r.byObj[obj] = n
			switch v, k := r.kb.lookup(obj); v {
			case isNonblocking:
				n.nonblocking = true
			case isBlocking:
				n.self = k
			}
		}
	}
	for _, fn := range funcs {
		r.scan(r.nodes[fn])
	}
	r.search(funcs)
	r.exportFacts(funcs)
	return r, nil
}

// scan records the sites of n and the reverse edges to it.
func (r *Result) scan(n *node) {
	if n.nonblocking || n.self != nil {
		return
	}
	for _, b := range n.fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				// Runs on another goroutine: never blocks this one.
			case ssa.CallInstruction:
				c := r.resolve(instr)
				switch c.kind {
				case calleeOp:
					op := *c.op
					op.Pos = instr.Pos()
					n.sites = append(n.sites, site{instr: instr, op: &op})
				case calleeLocal:
					n.sites = append(n.sites, site{instr: instr, callee: c})
					c.node.calls = append(c.node.calls, n)
				case calleeForeign:
					n.sites = append(n.sites, site{instr: instr, callee: c})
				}
			default:
				if op := r.instrOp(instr); op != nil {
					n.sites = append(n.sites, site{instr: instr, op: op})
				}
			}
		}
	}
}

// resolve classifies the function a call or defer invokes.
func (r *Result) resolve(instr ssa.CallInstruction) *callee {
	call := instr.Common()
	if call.IsInvoke() {
		return r.classify(call.Method)
	}
	f := call.StaticCallee()
	if f == nil {
		return noCallee // a function value, a builtin
	}
	if n := r.nodes[f]; n != nil && f.Object() == nil {
		// A function literal of this package.
		if n.asCallee != nil {
			return n.asCallee
		}
		c := r.localCallee(n, ssaDisplayName(f))
		if !r.frozen {
			n.asCallee = c
		}
		return c
	}
	obj, ok := f.Object().(*types.Func)
	if !ok {
		return noCallee
	}
	c := r.classify(obj.Origin())
	if c.kind == calleeOp && isStdWrite(c.op.ID, call) {
		return noCallee
	}
	return c
}

func (r *Result) localCallee(n *node, name string) *callee {
	if n.nonblocking {
		return &callee{kind: calleeNonblocking, name: name}
	}
	if n.self != nil {
		return &callee{kind: calleeOp, name: name, op: opFor(n.self, name)}
	}
	return &callee{kind: calleeLocal, name: name, node: n}
}

// classify decides a called function (an origin) by knowledge base,
// settings and directives, then by its node in this package or its fact.
// While the pass runs the answer is memoized; once it has returned the
// Result is read-only, because the checks that use it may query it
// concurrently.
func (r *Result) classify(obj *types.Func) *callee {
	if c, ok := r.callees[obj]; ok {
		return c
	}
	c := r.classifyUncached(obj)
	if !r.frozen {
		r.callees[obj] = c
	}
	return c
}

func (r *Result) classifyUncached(obj *types.Func) *callee {
	v, k := r.kb.lookup(obj)
	switch v {
	case isNonblocking:
		return &callee{kind: calleeNonblocking}
	case isBlocking:
		name := displayName(obj)
		return &callee{kind: calleeOp, name: name, op: opFor(k, name)}
	}
	if n := r.byObj[obj]; n != nil {
		return r.localCallee(n, displayName(obj))
	}
	if obj.Pkg() == nil || obj.Pkg() == r.pass.Pkg {
		return noCallee // e.g. an interface method of this package
	}
	if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		return noCallee // calls through interfaces are not followed
	}
	fact := new(MayBlock)
	if !r.pass.ImportObjectFact(obj, fact) || len(fact.Evidence) == 0 {
		return noCallee
	}
	name := displayName(obj)
	// A function that is itself a blocking operation (declared blocking in
	// its package) has an empty chain: calling it is an operation.
	if e := fact.Shortest(All); e != nil && len(e.Chain) == 0 {
		return &callee{kind: calleeOp, name: name, op: &Op{Class: e.Class, Name: name, ID: e.Op, Advice: advice(e.Op, e.Class)}}
	}
	return &callee{kind: calleeForeign, name: name, fact: fact}
}

func opFor(k *knownOp, name string) *Op {
	return &Op{Class: k.class, Name: name, ID: k.name, Advice: k.advice}
}

// isStdWrite reports whether call writes to os.Stdout or os.Stderr through
// an *os.File method: printing, not reported (see doc.go).
func isStdWrite(id string, call *ssa.CallCommon) bool {
	switch id {
	case "(*os.File).Write", "(*os.File).WriteString":
	default:
		return false
	}
	if len(call.Args) == 0 {
		return false
	}
	load, ok := call.Args[0].(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	g, ok := load.X.(*ssa.Global)
	if !ok || g.Object() == nil || g.Object().Pkg() == nil || g.Object().Pkg().Path() != "os" {
		return false
	}
	return g.Name() == "Stdout" || g.Name() == "Stderr"
}

// instrOp recognizes the blocking operations that are instructions, and
// calls to functions that block by themselves.
func (r *Result) instrOp(instr ssa.Instruction) *Op {
	switch instr := instr.(type) {
	case *ssa.UnOp:
		if instr.Op != token.ARROW {
			return nil
		}
		id := OpRecv
		if isTimerChan(instr.X) {
			return &Op{Class: Sleep, Name: OpTimerRecv, ID: OpTimerRecv, Advice: instrAdvice[OpTimerRecv], Pos: instr.Pos()}
		}
		pos := instr.Pos()
		if b := instr.Block(); b != nil && b.Comment == "rangechan.loop" {
			id = OpRange
			if !pos.IsValid() {
				pos = r.rangePos(b)
			}
		}
		return &Op{Class: Chan, Name: id, ID: id, Advice: instrAdvice[id], Pos: pos}
	case *ssa.Send:
		return &Op{Class: Chan, Name: OpSend, ID: OpSend, Advice: instrAdvice[OpSend], Pos: instr.Pos()}
	case *ssa.Select:
		if !instr.Blocking {
			return nil
		}
		id := OpSelect
		if len(instr.States) == 0 {
			id = OpEmptySelect
		}
		return &Op{Class: Chan, Name: id, ID: id, Advice: instrAdvice[id], Pos: instr.Pos()}
	case *ssa.Go:
		return nil
	case ssa.CallInstruction:
		c := r.resolve(instr)
		if c.kind != calleeOp {
			return nil
		}
		op := *c.op
		op.Pos = instr.Pos()
		return &op
	}
	return nil
}

// isTimerChan reports whether ch is the channel of time.After, time.Tick or
// a time.Timer/Ticker (field C).
func isTimerChan(ch ssa.Value) bool {
	switch ch := ch.(type) {
	case *ssa.Call:
		if f := ch.Call.StaticCallee(); f != nil {
			if obj, ok := f.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == "time" {
				return obj.Name() == "After" || obj.Name() == "Tick"
			}
		}
	case *ssa.UnOp: // load of t.C
		if fa, ok := ch.X.(*ssa.FieldAddr); ok && ch.Op == token.MUL {
			p, ok := types.Unalias(fa.X.Type()).(*types.Pointer)
			if !ok {
				return false
			}
			n, ok := types.Unalias(p.Elem()).(*types.Named)
			if !ok {
				return false
			}
			o := n.Obj()
			st, ok := n.Underlying().(*types.Struct)
			return ok && o.Pkg() != nil && o.Pkg().Path() == "time" &&
				(o.Name() == "Timer" || o.Name() == "Ticker") &&
				fa.Field < st.NumFields() && st.Field(fa.Field).Name() == "C"
		}
	}
	return false
}

// rangePos finds the position of the range statement that the
// "rangechan.loop" block b implements, for `for range ch` loops whose
// receive has no position: the k-th such block of the function corresponds
// to the k-th range-over-channel statement in its body (literals excluded),
// because blocks are created in statement order.
func (r *Result) rangePos(b *ssa.BasicBlock) token.Pos {
	fn := b.Parent()
	k := 0
	for _, bb := range fn.Blocks {
		if bb == b {
			break
		}
		if bb.Comment == "rangechan.loop" {
			k++
		}
	}
	var body ast.Node
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = s.Body
	case *ast.FuncLit:
		body = s.Body
	}
	info := r.pass.TypesInfo
	if body == nil || info == nil {
		return token.NoPos
	}
	pos := token.NoPos
	i := 0
	ast.Inspect(body, func(n ast.Node) bool {
		if pos.IsValid() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					if i == k {
						pos = n.For
						return false
					}
					i++
				}
			}
		}
		return true
	})
	return pos
}

// search computes, per class, the shortest chain length of every node: a
// shortest-path search from the operations backwards over the reversed call
// graph (cycles are harmless: a node is settled once), then builds the
// evidence of every node that may block.
func (r *Result) search(funcs []*ssa.Function) {
	nodes := make([]*node, len(funcs))
	for i, fn := range funcs {
		nodes[i] = r.nodes[fn]
	}
	var q distQueue
	for ci := range classes {
		c := classes[ci]
		q = q[:0]
		for _, n := range nodes {
			d := int32(0)
			for i := range n.sites {
				if l := n.sites[i].directLen(c); l > 0 && (d == 0 || l < d) {
					d = l
				}
			}
			if d > 0 {
				n.dist[ci] = d
				q = append(q, distItem{n, d})
			}
		}
		heap.Init(&q)
		for q.Len() > 0 {
			it := heap.Pop(&q).(distItem)
			if it.d != it.n.dist[ci] {
				continue // stale
			}
			for _, p := range it.n.calls {
				if nd := it.d + 1; p.dist[ci] == 0 || nd < p.dist[ci] {
					p.dist[ci] = nd
					heap.Push(&q, distItem{p, nd})
				}
			}
		}
	}
	for _, n := range nodes {
		for ci := range classes {
			r.evidence(n, ci)
		}
	}
}

// directLen is the chain length the site contributes to class c without the
// local graph: 1 for an operation, 1+len for a foreign fact; 0 for none.
func (s *site) directLen(c Class) int32 {
	if s.op != nil {
		if s.op.Class == c {
			return 1
		}
		return 0
	}
	if s.callee.kind == calleeForeign {
		for i := range s.callee.fact.Evidence {
			if e := &s.callee.fact.Evidence[i]; e.Class == c {
				return int32(e.Len()) + 1
			}
		}
	}
	return 0
}

// evidence builds (once) the chain of n for class index ci: the first site
// in instruction order that achieves n's shortest length.
func (r *Result) evidence(n *node, ci int) *Evidence {
	if e := n.ev[ci]; e != nil || n.dist[ci] == 0 {
		return e
	}
	c := classes[ci]
	want := n.dist[ci]
	for i := range n.sites {
		s := &n.sites[i]
		var e *Evidence
		switch {
		case s.op != nil:
			if s.op.Class == c && want == 1 {
				e = &Evidence{Class: c, Chain: []string{s.op.Name}, Op: s.op.ID, pos: s.op.Pos}
			}
		case s.callee.kind == calleeForeign:
			if s.directLen(c) == want {
				for j := range s.callee.fact.Evidence {
					if fe := &s.callee.fact.Evidence[j]; fe.Class == c {
						e = fe.Via(s.callee.name)
					}
				}
			}
		case s.callee.kind == calleeLocal:
			if d := s.callee.node.dist[ci]; d != 0 && d+1 == want {
				e = r.evidence(s.callee.node, ci).Via(s.callee.name)
			}
		}
		if e != nil {
			n.ev[ci] = e
			return e
		}
	}
	return nil
}

type distItem struct {
	n *node
	d int32
}

type distQueue []distItem

func (q distQueue) Len() int           { return len(q) }
func (q distQueue) Less(i, j int) bool { return q[i].d < q[j].d }
func (q distQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *distQueue) Push(x any)        { *q = append(*q, x.(distItem)) }
func (q *distQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// exportFacts attaches a MayBlock fact to every function of the package
// with an exported name (methods of unexported types included: they are
// reachable through embedding) that may block.
func (r *Result) exportFacts(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || !obj.Exported() || obj.Pkg() != r.pass.Pkg {
			continue
		}
		n := r.nodes[fn]
		var fact MayBlock
		if n.self != nil {
			fact.Evidence = []Evidence{{Class: n.self.class, Op: n.self.name}}
		} else {
			for ci := range classes {
				if e := n.ev[ci]; e != nil {
					fact.Evidence = append(fact.Evidence, Evidence{Class: e.Class, Chain: e.Chain, Op: e.Op, Length: e.Length}.abbreviated())
				}
			}
		}
		if len(fact.Evidence) > 0 {
			r.pass.ExportObjectFact(obj, &fact)
		}
	}
}
