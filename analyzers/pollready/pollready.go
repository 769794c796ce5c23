package pollready

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/internal/ssapos"
	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/asyncctx"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "pollready",
	Run:  run,
	Requires: []*analysis.Analyzer{
		asyncctx.Analyzer,
		generated.Analyzer,
		tokenfile.Analyzer, // report.Report looks files up through it
	},
}, doc)

// Analyzer reports child futures polled again after they returned Ready.
var Analyzer = Check.Analyzer

// The check is written against SSA: it needs the values (which Poll result
// a branch tests, which field a store writes and a condition reads) and the
// control-flow graph (the paths from a child's Ready branch to the next
// poll, and the dominators that guard the child's poll) together. The path
// search is a small forward "must have recorded" dataflow from the Ready
// branch, in the manner of lostcancel's search for uses of the cancel
// function.
func run(pass *analysis.Pass) (any, error) {
	actx, _ := pass.ResultOf[asyncctx.Analyzer].(*asyncctx.Result)
	if actx == nil {
		return nil, nil
	}
	for _, fn := range actx.AsyncFuncs() {
		switch actx.Kind(fn) {
		case asyncctx.PollMethod, asyncctx.PollFunc:
		default:
			continue
		}
		if len(fn.Blocks) == 0 {
			continue
		}
		p := newPollFunc(pass, fn)
		for _, c := range p.childPolls() {
			p.check(c)
		}
	}
	return nil, nil
}

// key identifies a piece of a future's state that survives between polls:
// a field of the receiver (by index, at the first level: j.a, j.done[i] and
// j.res.v all belong to their first field), or a variable a poll function
// captures.
type key struct {
	root  ssa.Value // the receiver parameter, or a free variable
	field int       // first-level field index, or -1
}

// child is one poll of a child future held in state.
type child struct {
	call    *ssa.Call
	key     key
	element bool   // an element of a slice, array or map field: each iteration polls another one
	name    string // how the message names it: "j.a", "an element of j.futs"
}

// pollFunc is one Poll/PollNext method or poll function being checked.
type pollFunc struct {
	pass   *analysis.Pass
	fn     *ssa.Function
	stream bool // PollNext: returning an item is not completing
	roots  map[ssa.Value]bool
	domIfs map[*ssa.BasicBlock][]*ssa.If // memo: the If instructions dominating a block
}

func newPollFunc(pass *analysis.Pass, fn *ssa.Function) *pollFunc {
	p := &pollFunc{pass: pass, fn: fn, roots: make(map[ssa.Value]bool), domIfs: make(map[*ssa.BasicBlock][]*ssa.If)}
	if fn.Signature.Recv() != nil && len(fn.Params) > 0 {
		p.roots[fn.Params[0]] = true
	}
	for _, fv := range fn.FreeVars {
		p.roots[fv] = true
	}
	if res := fn.Signature.Results(); res.Len() == 1 {
		if t, ok := asyncapi.PollResult(res.At(0).Type()); ok && asyncapi.IsNamed(t, "Next", false) {
			p.stream = true
		}
	}
	return p
}

// childPolls finds the calls of a Poll method on a future held in state.
func (p *pollFunc) childPolls() []*child {
	var out []*child
	for _, b := range p.fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			recv := pollReceiver(&call.Call)
			if recv == nil {
				continue
			}
			k, elem, ok := p.stateKey(recv)
			if !ok {
				continue
			}
			out = append(out, &child{call: call, key: k, element: elem, name: p.describe(k, elem)})
		}
	}
	return out
}

// pollReceiver returns the future a call polls when it is a call of a
// future's Poll method (through an interface, a type parameter, or a
// concrete method), else nil.
func pollReceiver(c *ssa.CallCommon) ssa.Value {
	if c.IsInvoke() {
		if c.Method.Name() == "Poll" {
			if _, ok := asyncapi.FutureResult(c.Value.Type()); ok {
				return c.Value
			}
		}
		return nil
	}
	callee := c.StaticCallee()
	if callee == nil || len(c.Args) == 0 {
		return nil
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil {
		if o := callee.Origin(); o != nil {
			obj, _ = o.Object().(*types.Func)
		}
	}
	if obj == nil || obj.Name() != "Poll" || !asyncapi.IsPollMethod(obj) {
		return nil
	}
	return c.Args[0]
}

// stateKey finds which piece of state v is read from or addresses: it
// walks loads, field and element selections and conversions down to the
// receiver or a free variable.
func (p *pollFunc) stateKey(v ssa.Value) (key, bool, bool) {
	field, elem := -1, false
	for depth := 0; depth < 16; depth++ {
		if p.roots[v] {
			return key{root: v, field: field}, elem, true
		}
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return key{}, false, false
			}
			v = x.X
		case *ssa.FieldAddr:
			field, v = x.Field, x.X
		case *ssa.Field:
			field, v = x.Field, x.X
		case *ssa.IndexAddr:
			elem, v = true, x.X
		case *ssa.Index:
			elem, v = true, x.X
		case *ssa.Lookup:
			elem, v = true, x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.TypeAssert:
			v = x.X
		case *ssa.Slice:
			v = x.X
		default:
			return key{}, false, false
		}
	}
	return key{}, false, false
}

// describe names the child the way the source does: "j.a", "an element of
// j.futs", or the captured variable's name.
func (p *pollFunc) describe(k key, elem bool) string {
	name := k.root.Name()
	if k.field >= 0 {
		if f := fieldVar(k.root.Type(), k.field); f != nil {
			name += "." + f.Name()
		}
	}
	if elem {
		return "an element of " + name
	}
	return name
}

// fieldVar returns field i of the struct t points to (or is).
func fieldVar(t types.Type, i int) *types.Var {
	t = types.Unalias(t)
	if ptr, ok := t.Underlying().(*types.Pointer); ok {
		t = ptr.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && i < st.NumFields() {
		return st.Field(i)
	}
	return nil
}

// readyBlock returns the block control reaches when c's poll result is
// Ready, from a test of IsReady() (or its negation) or of Value()'s ok. Nil
// when the result is not tested that way (returned as is, stored, passed
// on): then nothing is known and nothing is reported.
func readyBlock(c *ssa.Call) *ssa.BasicBlock {
	refs := c.Referrers()
	if refs == nil {
		return nil
	}
	for _, ref := range *refs {
		use, ok := ref.(*ssa.Call)
		if !ok || use.Call.IsInvoke() {
			continue
		}
		callee := use.Call.StaticCallee()
		if callee == nil {
			continue
		}
		obj, _ := callee.Object().(*types.Func)
		if obj == nil {
			if o := callee.Origin(); o != nil {
				obj, _ = o.Object().(*types.Func)
			}
		}
		if obj == nil || len(use.Call.Args) == 0 || use.Call.Args[0] != ssa.Value(c) {
			continue
		}
		var cond ssa.Value
		switch {
		case asyncapi.IsMethod(obj, "Poll", "IsReady"):
			cond = use
		case asyncapi.IsMethod(obj, "Poll", "Value"):
			cond = extract(use, 1)
		}
		if cond == nil {
			continue
		}
		if b := branchOn(cond, true); b != nil {
			return b
		}
	}
	return nil
}

func extract(tuple ssa.Value, i int) ssa.Value {
	refs := tuple.Referrers()
	if refs == nil {
		return nil
	}
	for _, ref := range *refs {
		if e, ok := ref.(*ssa.Extract); ok && e.Index == i {
			return e
		}
	}
	return nil
}

// branchOn returns the successor taken when cond has the value want, for
// an If on cond or on its negation.
func branchOn(cond ssa.Value, want bool) *ssa.BasicBlock {
	refs := cond.Referrers()
	if refs == nil {
		return nil
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.If:
			succs := r.Block().Succs
			if len(succs) != 2 {
				continue
			}
			if want {
				return succs[0]
			}
			return succs[1]
		case *ssa.UnOp:
			if r.Op == token.NOT {
				if b := branchOn(r, !want); b != nil {
					return b
				}
			}
		case *ssa.BinOp:
			// p.IsReady() == false, ok != true, ...
			other := r.X
			if other == cond {
				other = r.Y
			}
			k, isConst := other.(*ssa.Const)
			if !isConst || k.Value == nil || k.Value.Kind() != constant.Bool || (r.Op != token.EQL && r.Op != token.NEQ) {
				continue
			}
			// cond == want exactly when the comparison is true for
			// (==, want) or false for (!=, want).
			same := constant.BoolVal(k.Value) == want
			if r.Op == token.NEQ {
				same = !same
			}
			if b := branchOn(r, same); b != nil {
				return b
			}
		}
	}
	return nil
}

// stores is a set of state keys recorded on every path so far; all means
// "anything may have been recorded" (a call that could change the state).
type stores struct {
	all  bool
	keys map[key]bool
}

func (s stores) has(k key) bool { return s.all || s.keys[k] }

func (s stores) clone() stores {
	c := stores{all: s.all, keys: make(map[key]bool, len(s.keys))}
	for k := range s.keys {
		c.keys[k] = true
	}
	return c
}

// meet intersects s with t.
func (s stores) meet(t stores) stores {
	if s.all {
		return t.clone()
	}
	if t.all {
		return s.clone()
	}
	out := stores{keys: make(map[key]bool)}
	for k := range s.keys {
		if t.keys[k] {
			out.keys[k] = true
		}
	}
	return out
}

func (s stores) equal(t stores) bool {
	if s.all != t.all || len(s.keys) != len(t.keys) {
		return false
	}
	for k := range s.keys {
		if !t.keys[k] {
			return false
		}
	}
	return true
}

// violation is a place reached from the child's Ready branch where the
// child may be polled again: a return that does not complete the future
// (the next call polls the child again) or, in a loop, the child's poll
// itself.
type violation struct {
	instr ssa.Instruction
	rec   stores // what was recorded on every path up to it
}

// check reports c when a path from its Ready branch reaches a return that
// leaves the future pending (or reaches c again) without recording the
// completion in a way the path to c tests.
func (p *pollFunc) check(c *child) {
	ready := readyBlock(c.call)
	if ready == nil {
		return
	}
	vs := p.violations(c, ready)
	// A poll reached again in the same call reads better than the return
	// that the same path may also reach: report it first.
	for _, loop := range []bool{true, false} {
		for _, v := range vs {
			if _, isRet := v.instr.(*ssa.Return); isRet == loop {
				continue
			}
			if v.rec.all || v.rec.has(c.key) {
				continue // the child was replaced or cleared, or a helper may have recorded it
			}
			if len(v.rec.keys) > 0 && p.guarded(c.call.Block(), v.rec) {
				continue // the next poll tests what was recorded
			}
			p.report(c, v)
			return
		}
	}
}

// violations runs the dataflow over the blocks reachable from ready.
func (p *pollFunc) violations(c *child, ready *ssa.BasicBlock) []violation {
	reach := map[*ssa.BasicBlock]bool{}
	var order []*ssa.BasicBlock
	var visit func(b *ssa.BasicBlock)
	visit = func(b *ssa.BasicBlock) {
		if reach[b] {
			return
		}
		reach[b] = true
		order = append(order, b)
		for _, s := range b.Succs {
			visit(s)
		}
	}
	visit(ready)

	in := map[*ssa.BasicBlock]stores{}
	out := map[*ssa.BasicBlock]stores{}
	top := stores{all: true}
	for _, b := range order {
		out[b] = top
	}
	for changed := true; changed; {
		changed = false
		for _, b := range order {
			var s stores
			if b == ready {
				s = stores{keys: map[key]bool{}}
			} else {
				s = top
				for _, pred := range b.Preds {
					if reach[pred] {
						s = s.meet(out[pred])
					}
				}
			}
			in[b] = s
			o := p.transfer(b, s.clone(), nil)
			if !o.equal(out[b]) {
				out[b] = o
				changed = true
			}
		}
	}

	var vs []violation
	for _, b := range order {
		s := in[b].clone()
		for _, instr := range b.Instrs {
			if instr == ssa.Instruction(c.call) && !c.element && b != ready {
				vs = append(vs, violation{instr: instr, rec: s.clone()})
			}
			if ret, ok := instr.(*ssa.Return); ok && p.continues(ret, c.call) {
				vs = append(vs, violation{instr: ret, rec: s.clone()})
			}
			s = p.transfer(nil, s, instr)
		}
	}
	return vs
}

// transfer adds what one block (or one instruction) records to s.
func (p *pollFunc) transfer(b *ssa.BasicBlock, s stores, one ssa.Instruction) stores {
	step := func(instr ssa.Instruction) {
		switch x := instr.(type) {
		case *ssa.Store:
			if k, _, ok := p.stateKey(x.Addr); ok {
				s.keys[k] = true
			}
		case *ssa.MapUpdate:
			if k, _, ok := p.stateKey(x.Map); ok {
				s.keys[k] = true
			}
		case *ssa.Call, *ssa.Defer, *ssa.Go:
			common := instr.(ssa.CallInstruction).Common()
			if b, ok := common.Value.(*ssa.Builtin); ok {
				// copy, clear and delete write their first argument;
				// the other builtins (len, cap, append, ...) write no
				// state of their own (append's result is stored, and
				// that store counts).
				switch b.Name() {
				case "copy", "clear", "delete":
					if len(common.Args) > 0 {
						if k, _, ok := p.stateKey(common.Args[0]); ok {
							s.keys[k] = true
						}
					}
				}
				break
			}
			if p.mayRecord(common) {
				s.all = true
			}
		}
	}
	if one != nil {
		step(one)
		return s
	}
	for _, instr := range b.Instrs {
		step(instr)
	}
	return s
}

// mayRecord reports whether a call may change the future's state: it is
// handed the receiver, a free variable, or the address of a piece of
// state (a helper such as j.markDone(i)). A child's own Poll does not
// count: it changes the child, not the parent's record of it.
func (p *pollFunc) mayRecord(c *ssa.CallCommon) bool {
	if pollReceiver(c) != nil {
		return false
	}
	if _, ok := c.Value.(*ssa.Builtin); ok {
		return false // len, cap, append...: the writing ones are handled as stores
	}
	if callee := c.StaticCallee(); callee != nil {
		if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == asyncapi.Path {
			return false // asyncrt's functions do not touch the caller's fields
		}
	}
	args := c.Args
	if c.IsInvoke() {
		args = append([]ssa.Value{c.Value}, args...)
	}
	for _, a := range args {
		if _, _, ok := p.stateKey(a); ok && isPointerLike(a.Type()) {
			return true
		}
	}
	return false
}

func isPointerLike(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice, *types.Interface, *types.Chan, *types.Signature:
		return true
	}
	return false
}

// continues reports whether ret may leave the future to be polled again:
// for a Poll method, a return of a Poll that may be Pending; for PollNext,
// any return but Ready(Done): a stream that yields an item is polled again.
func (p *pollFunc) continues(ret *ssa.Return, c *ssa.Call) bool {
	if len(ret.Results) != 1 {
		return false
	}
	return p.mayContinue(ret.Results[0], c, 0)
}

func (p *pollFunc) mayContinue(v ssa.Value, c *ssa.Call, depth int) bool {
	if depth > 8 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Const:
		// The zero Poll is Pending.
		return true
	case *ssa.Phi:
		for _, e := range x.Edges {
			if p.mayContinue(e, c, depth+1) {
				return true
			}
		}
		return false
	case *ssa.Call:
		if x == c {
			return p.stream // the child's own Ready result
		}
		if pollReceiver(&x.Call) != nil {
			return true // another child's poll: may be Pending
		}
		if x.Call.IsInvoke() {
			// A child stream's PollNext (or another poll through an
			// interface): may be Pending.
			return x.Call.Method.Name() == "PollNext"
		}
		callee := x.Call.StaticCallee()
		if callee == nil {
			return false
		}
		obj, _ := callee.Object().(*types.Func)
		if obj == nil {
			if o := callee.Origin(); o != nil {
				obj, _ = o.Object().(*types.Func)
			}
		}
		switch {
		case asyncapi.IsFunc(obj, "Pending"):
			return true
		case asyncapi.IsFunc(obj, "Ready"):
			if !p.stream || len(x.Call.Args) != 1 {
				return false
			}
			return !isDone(x.Call.Args[0])
		case obj != nil && obj.Name() == "PollNext":
			return true
		}
	}
	return false
}

// isDone reports whether v is asyncrt.Done[T]() or the zero Next.
func isDone(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.Const:
		return true
	case *ssa.Call:
		if callee := x.Call.StaticCallee(); callee != nil {
			obj, _ := callee.Object().(*types.Func)
			if obj == nil {
				if o := callee.Origin(); o != nil {
					obj, _ = o.Object().(*types.Func)
				}
			}
			return asyncapi.IsFunc(obj, "Done")
		}
	}
	return false
}

// guarded reports whether the block of the child's poll is only reached
// through a test of something recorded (a done flag, a stored result, a
// state number): the next call then skips the poll.
func (p *pollFunc) guarded(b *ssa.BasicBlock, rec stores) bool {
	for _, iff := range p.dominatingIfs(b) {
		if p.reads(iff.Cond, rec, 0, map[ssa.Value]bool{}) {
			return true
		}
	}
	return false
}

func (p *pollFunc) dominatingIfs(b *ssa.BasicBlock) []*ssa.If {
	if ifs, ok := p.domIfs[b]; ok {
		return ifs
	}
	var ifs []*ssa.If
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 {
			continue
		}
		if iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If); ok {
			ifs = append(ifs, iff)
		}
	}
	p.domIfs[b] = ifs
	return ifs
}

// reads reports whether v is computed from a load of a recorded piece of
// state.
func (p *pollFunc) reads(v ssa.Value, rec stores, depth int, seen map[ssa.Value]bool) bool {
	if depth > 10 || seen[v] {
		return false
	}
	seen[v] = true
	if k, _, ok := p.stateKey(v); ok && rec.keys[k] {
		return true
	}
	if call, ok := v.(*ssa.Call); ok && pollReceiver(&call.Call) == nil && p.mayRecord(&call.Call) {
		// A helper handed the future's state (if !j.aDone() {...}) may
		// read what was recorded: assume it does.
		return true
	}
	instr, ok := v.(ssa.Instruction)
	if !ok {
		return false
	}
	var ops []*ssa.Value
	ops = instr.Operands(ops)
	for _, op := range ops {
		if op != nil && *op != nil && p.reads(*op, rec, depth+1, seen) {
			return true
		}
	}
	return false
}

func (p *pollFunc) report(c *child, v violation) {
	pos := c.call.Pos()
	if !pos.IsValid() || !p.inFiles(pos) {
		return
	}
	method := "Poll"
	if p.stream {
		method = "PollNext"
	}
	var msg, related string
	if _, isRet := v.instr.(*ssa.Return); isRet {
		msg = fmt.Sprintf("%s is polled again on the next call of %s after it returned Ready: a future must not be polled after it completed (an asyncrt.Async future panics, others may redo their work or misbehave); record that it completed (set it to nil, or keep a done flag or its result) and skip it", c.name, method)
		related = fmt.Sprintf("returns here, to be polled again, without recording that %s completed", c.name)
	} else {
		msg = fmt.Sprintf("%s is polled again in this loop after it returned Ready: a future must not be polled after it completed (an asyncrt.Async future panics, others may redo their work or misbehave); replace it with a new future, or leave the loop", c.name)
		related = "the loop comes back here"
	}
	opts := []report.Option{report.FilterGenerated()}
	if rp := v.instr.Pos(); rp.IsValid() && p.inFiles(rp) {
		opts = append(opts, report.Related(ssapos.Pos(rp), related))
	}
	var node report.Positioner = ssapos.Pos(pos)
	if call := p.callAt(pos); call != nil {
		node = call
	}
	report.Report(p.pass, node, msg, opts...)
}

func (p *pollFunc) file(pos token.Pos) *ast.File {
	for _, f := range p.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

func (p *pollFunc) inFiles(pos token.Pos) bool { return p.file(pos) != nil }

// callAt returns the call expression whose Lparen is at pos (where SSA
// places a call), so the report covers the whole child poll.
func (p *pollFunc) callAt(pos token.Pos) *ast.CallExpr {
	var found *ast.CallExpr
	f := p.file(pos)
	if f == nil {
		return nil
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if found != nil || n == nil || n.End() < pos || n.Pos() > pos {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == pos {
			found = call
		}
		return true
	})
	return found
}
