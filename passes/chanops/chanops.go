// Package chanops is the shared pass behind lockblock: the Go-native
// blocking operations of a package (channel sends and receives, select,
// close, sync.WaitGroup and sync.Cond) with the identity of the channel,
// wait group or condition variable they operate on, the operations each
// function performs through the functions it calls, and an index of the
// "peer" operations that unblock them.
//
// # Classes
//
// An operand is identified by its class (Class), the key lockset's
// Path.Class uses for locks:
//
//   - "(example.com/p.Server).results" for a field of a named struct,
//     whatever variable reaches it (s.results, srv.results, c.srv.results);
//     a pointer field and a value field are the same class;
//   - "example.com/p.ch" for a package-level variable;
//   - "[]" appended for an element of a slice, array or map held there
//     (s.workers[i].ch is "(p.worker).ch", s.chans[i] is "(p.S).chans[]");
//   - a local class for a local variable or make(chan) value, shared by the
//     function and the literals that capture it (a captured variable is
//     resolved to the variable of the enclosing function). Local classes
//     only mean something within one package: IsLocal tells them apart and
//     they are never exported.
//
// A channel from anywhere else (a call result such as ctx.Done() or
// time.After, a parameter, a value passed through an interface) has no
// class ("") and never matches anything.
//
// # Summaries and facts
//
// Each function of the package gets the list of operations it may perform
// while it runs, directly or through static calls (functions, concrete
// methods, directly called literals, deferred calls; calls of a function
// value loaded from a struct field or global to which the package assigns
// exactly one function). Not through go statements (another goroutine), not
// through interfaces or other function values. The list is bounded:
// chains at most maxChain calls deep and maxOps operations per function
// (the nearest first: summaries grow one call level per round). Functions
// with exported-class operations export them as an *Ops object fact, so a
// caller in another package holding a lock sees the receive three calls
// down in a library.
package chanops

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/internal/funcfacts"
	"github.com/asynclint/asynclint/passes/lockset"
)

const (
	// maxChain bounds how many calls deep an operation is followed.
	maxChain = 3
	// maxOps bounds the operations kept per function summary.
	maxOps = 16
	// maxResolve bounds the SSA values visited resolving one operand.
	maxResolve = 32
)

var Analyzer = &analysis.Analyzer{
	Name:       "chanops",
	Doc:        "Go-native blocking operations (channels, select, WaitGroup, Cond) with the class of their operand, per function and through calls, as facts",
	URL:        "https://github.com/asynclint/asynclint/tree/main/passes/chanops",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(Ops)},
}

// Kind is what an operation does.
type Kind uint8

const (
	Send      Kind = iota + 1 // ch <- v, or a select's send case
	Recv                      // <-ch, range over ch, or a select's receive case
	Select                    // a select without default (Cases lists every case)
	Close                     // close(ch)
	WaitGroup                 // (*sync.WaitGroup).Wait
	Done                      // (*sync.WaitGroup).Done, Add(negative), Go(f) (f's end)
	CondWait                  // (*sync.Cond).Wait
	Signal                    // (*sync.Cond).Signal, Broadcast
)

func (k Kind) String() string {
	switch k {
	case Send:
		return "send"
	case Recv:
		return "receive"
	case Select:
		return "select"
	case Close:
		return "close"
	case WaitGroup:
		return "WaitGroup.Wait"
	case Done:
		return "WaitGroup.Done"
	case CondWait:
		return "Cond.Wait"
	case Signal:
		return "Cond.Signal"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Case is one operand of an operation: the channel of a send or receive
// (Dir is Send or Recv), or the wait group or condition variable.
type Case struct {
	Dir   Kind
	Class string
	// Name is the operand as the function performing the operation spells
	// it ("s.results"), for messages.
	Name string
	// Buffered is the channel's buffer capacity when the package makes
	// every channel of the class with one constant capacity; 0 when
	// unbuffered or unknown.
	Buffered int
}

// Op is one operation, performed by an instruction or, through calls, by a
// function.
type Op struct {
	Kind Kind
	// Cases holds the operand; a Select lists every case.
	Cases []Case
	// Blocks: the operation itself waits (send, receive, select without
	// default, Wait). Close, Done, Signal and the cases of a select with a
	// default only unblock others.
	Blocks bool
	// CondL is the class of the Cond's L (CondWait, Signal), "" unknown.
	CondL string
	// Chain names the calls from the function down to the one that
	// performs the operation; empty for the function's own operations.
	Chain []string
	// At is the operation's position as "file.go:12".
	At string
	// Drops lists the lock classes released, without having been taken, by
	// a function along Chain: a caller's lock dropped before the operation
	// ("unlock around the slow call" helpers).
	Drops []string
	// Origin identifies the function whose body performs the operation
	// ("(*p.T).M@file.go:12"), so that an operation is not paired with
	// another of the same function.
	Origin string
	// InLoop: the operation, or a call on the chain leading to it, is in
	// a loop (computed only for sends on buffered channels).
	InLoop bool
	// GivesBack: a send or receive that its function performs after the
	// opposite operation on the same channel class (a token taken by a
	// receive and returned by a send, a semaphore slot taken by a send and
	// released by a receive). It unblocks others only with what it took.
	GivesBack bool
	// Fresh: a send or receive on a channel its function has just made
	// and stored in a struct it allocated, not yet published (r2 :=
	// &R{sema: make(chan T, 1)}; r2.sema <- token, the initial release of
	// a new semaphore). No goroutine can be waiting on that channel, so
	// it is nobody's peer.
	Fresh bool

	pos token.Pos
	// Deferred: registered by a defer statement; it happens when the
	// function returns.
	deferred bool
	// body is, for wg.Go(f), the function whose end calls Done.
	body *ssa.Function
}

// Pos is the operation's position when it is in the analyzed package.
func (o *Op) Pos() token.Pos { return o.pos }

// Deferred reports whether the operation is registered by a defer and runs
// when its function returns.
func (o *Op) Deferred() bool { return o.deferred }

// key identifies an operation for deduplication.
func (o *Op) key() string {
	var sb strings.Builder
	sb.WriteString(strconv.Itoa(int(o.Kind)))
	if o.Blocks {
		sb.WriteString("!")
	}
	for _, c := range o.Cases {
		sb.WriteString("|" + strconv.Itoa(int(c.Dir)) + c.Class)
	}
	return sb.String()
}

func (o *Op) exportable() bool {
	for _, c := range o.Cases {
		if c.Class == "" || IsLocal(c.Class) {
			return false
		}
	}
	return !IsLocal(o.CondL)
}

// Ops is the object fact on a function that may perform operations on
// classed channels, wait groups or condition variables.
type Ops struct{ Ops []Op }

func (*Ops) AFact() {}

func (f *Ops) String() string {
	var parts []string
	for _, o := range f.Ops {
		var cs []string
		for _, c := range o.Cases {
			cs = append(cs, c.Dir.String()+" "+c.Class)
		}
		s := o.Kind.String() + "(" + strings.Join(cs, ", ") + ")"
		if len(o.Chain) > 0 {
			s += " via " + strings.Join(o.Chain, " → ")
		}
		parts = append(parts, s)
	}
	return "ops(" + strings.Join(parts, "; ") + ")"
}

// IsLocal reports whether class is a local class (meaningful within one
// package only).
func IsLocal(class string) bool { return strings.HasPrefix(class, "local:") }

// Point is where a peer operation happens in a function of the package: an
// instruction performing it (directly or by calling a function that does),
// or, for a deferred one, every return of the function.
type Point struct {
	Fn    *ssa.Function
	Instr ssa.Instruction
	// AtReturn: the operation happens when Fn returns (defer close(ch),
	// defer wg.Done(), the end of the function given to wg.Go).
	AtReturn bool
	// Op is the operation (Chain non-empty when performed by a callee).
	Op *Op
}

// Result is the pass's answer for the package under analysis.
type Result struct {
	pass   *analysis.Pass
	direct map[ssa.Instruction][]*Op
	table  *funcfacts.Table[[]*Op]
	// callees of each call instruction the summaries follow.
	callees map[ssa.Instruction][]*ssa.Function
	peers   map[string][]Point
	condL   map[string]string
	caps    map[string]int
	// makes lists, per class, the stores of a make(chan) into it.
	makes map[string][]ssa.Instruction
}

// Makes returns the instructions of fn that store a new channel
// (make(chan)) into class.
func (r *Result) Makes(class string, fn *ssa.Function) []ssa.Instruction {
	var out []ssa.Instruction
	for _, in := range r.makes[class] {
		if in.Parent() == fn {
			out = append(out, in)
		}
	}
	return out
}

// Direct returns the operations instr performs itself.
func (r *Result) Direct(instr ssa.Instruction) []*Op { return r.direct[instr] }

// Of returns the operations fn may perform while it runs (its own and its
// callees'), for a function of the package or, through facts, an imported
// one.
func (r *Result) Of(fn *ssa.Function) []*Op { return r.table.Of(fn) }

// Callees returns the functions a call instruction (Call or Defer; not Go)
// is known to invoke, for following operations through it.
func (r *Result) Callees(instr ssa.CallInstruction) []*ssa.Function {
	return r.callees[instr]
}

// Peers returns the points of the package performing an operation of kind
// on class (kind is Send, Recv, Close, Done or Signal).
func (r *Result) Peers(kind Kind, class string) []Point {
	if class == "" {
		return nil
	}
	return r.peers[peerKey(kind, class)]
}

// CondLock returns the class of the L of condition variables of class c,
// when the package sets it to exactly one lock class.
func (r *Result) CondLock(c string) string { return r.condL[c] }

// Capacity returns the buffer size of channels of class c when the package
// makes them with one constant size.
func (r *Result) Capacity(c string) (int, bool) {
	n, ok := r.caps[c]
	return n, ok && n >= 0
}

func peerKey(k Kind, class string) string { return strconv.Itoa(int(k)) + ":" + class }

// ---- the pass ----

type builder struct {
	*analysis.Pass
	r *Result
	// stores of function values into classed fields; poisoned marks
	// fields that also receive unknown function values.
	fieldFuncs map[string][]*ssa.Function
	poisoned   map[string]bool
	// condCopies are stores of a local Cond value into a classed place.
	condCopies [][2]string
	src        map[*ssa.Function]bool
	// parentOf maps a literal to the MakeClosure creating it.
	closures map[*ssa.Function]*ssa.MakeClosure
}

func run(pass *analysis.Pass) (any, error) {
	ssainput, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	var funcs []*ssa.Function
	if ssainput != nil {
		funcs = ssainput.SrcFuncs
	}
	r := &Result{
		pass:   pass,
		direct: map[ssa.Instruction][]*Op{},
		table: funcfacts.New(pass.Pkg, funcs, func(obj *types.Func) []*Op {
			fact := new(Ops)
			if !pass.ImportObjectFact(obj, fact) {
				return nil
			}
			out := make([]*Op, len(fact.Ops))
			for i := range fact.Ops {
				out[i] = &fact.Ops[i]
			}
			return out
		}),
		callees: map[ssa.Instruction][]*ssa.Function{},
		peers:   map[string][]Point{},
		condL:   map[string]string{},
		caps:    map[string]int{},
		makes:   map[string][]ssa.Instruction{},
	}
	if ssainput == nil {
		return r, nil
	}
	b := &builder{Pass: pass, r: r, fieldFuncs: map[string][]*ssa.Function{}, poisoned: map[string]bool{}, src: map[*ssa.Function]bool{}, closures: map[*ssa.Function]*ssa.MakeClosure{}}
	for _, fn := range ssainput.SrcFuncs {
		b.src[fn] = true
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				if mc, ok := in.(*ssa.MakeClosure); ok {
					if g, ok := mc.Fn.(*ssa.Function); ok {
						b.closures[g] = mc
					}
				}
			}
		}
	}
	// One pass over the package: direct operations, stores that tell a
	// Cond's L, a channel's capacity or a field's function, and calls.
	type site struct {
		instr ssa.CallInstruction
		fn    *ssa.Function
	}
	var dynamic []site
	// sites lists, per function, the instructions that operate or call:
	// the later stages visit only those.
	sites := map[*ssa.Function][]ssa.Instruction{}
	for _, fn := range ssainput.SrcFuncs {
		for _, blk := range fn.Blocks {
			for _, in := range blk.Instrs {
				b.scan(fn, in)
				c, ok := in.(ssa.CallInstruction)
				if ok {
					if _, isGo := in.(*ssa.Go); !isGo {
						if g := staticCallee(c.Common()); g != nil {
							r.callees[in] = []*ssa.Function{g}
						} else if !c.Common().IsInvoke() {
							dynamic = append(dynamic, site{c, fn})
						}
					}
				}
				if len(r.direct[in]) > 0 || len(r.callees[in]) > 0 {
					sites[fn] = append(sites[fn], in)
				}
			}
		}
	}
	for _, cp := range b.condCopies {
		if l, ok := r.condL[cp[1]]; ok {
			b.setCondL(cp[0], l)
		}
	}
	loops := &loopFinder{}
	for in, ops := range r.direct {
		for _, o := range ops {
			if o.Kind == CondWait || o.Kind == Signal {
				o.CondL = r.condL[o.Cases[0].Class]
			}
			buffered := false
			for i := range o.Cases {
				if n, ok := r.Capacity(o.Cases[i].Class); ok && n > 0 && (o.Kind == Send || o.Kind == Select || o.Kind == Recv) {
					o.Cases[i].Buffered = n
					buffered = buffered || o.Cases[i].Dir == Send
				}
			}
			if buffered {
				o.InLoop = loops.inLoop(in.Block())
			}
		}
	}
	markGiveBacks(r.direct, sites)
	// Function values loaded from a field or global the package assigns
	// exactly one function (a hook reassigned by several tests is
	// polymorphic: following every assignment pairs unrelated code).
	for _, s := range dynamic {
		cl := b.resolve(s.fn, s.instr.Common().Value)
		if cl == "" || b.poisoned[cl] {
			continue
		}
		if fs := b.fieldFuncs[cl]; len(fs) == 1 {
			r.callees[s.instr] = fs
			sites[s.fn] = append(sites[s.fn], s.instr)
		}
	}
	dropsMemo := map[*ssa.Function][]string{}
	drops := func(fn *ssa.Function) []string {
		d, ok := dropsMemo[fn]
		if !ok {
			d = droppedClasses(locks, fn)
			dropsMemo[fn] = d
		}
		return d
	}
	// Summaries: own operations, then one call level per round. An
	// operation's Drops gathers the caller locks released by the functions
	// it is found through, itself included.
	for _, fn := range ssainput.SrcFuncs {
		var own []*Op
		for _, in := range sites[fn] {
			for _, o := range r.direct[in] {
				if o.body != nil {
					continue // wg.Go(f): Done runs on f's goroutine, at its end
				}
				c := *o
				c.deferred = false
				c.Drops = drops(fn)
				own = addOp(own, &c)
			}
		}
		if len(own) > 0 {
			r.table.Local[fn] = own
		}
	}
	for round := 1; round < maxChain+1; round++ {
		next := map[*ssa.Function][]*Op{}
		for _, fn := range ssainput.SrcFuncs {
			ops := r.table.Local[fn]
			for _, in := range sites[fn] {
				{
					for _, g := range r.callees[in] {
						if g == fn {
							continue
						}
						for _, o := range r.Of(g) {
							if len(o.Chain) >= maxChain || len(ops) >= maxOps {
								continue
							}
							c := *o
							c.deferred, c.body = false, nil
							c.Chain = append([]string{DisplayName(g)}, o.Chain...)
							if !c.InLoop && c.sendsBuffered() {
								c.InLoop = loops.inLoop(in.Block())
							}
							if d := drops(fn); len(d) > 0 {
								c.Drops = append(slices.Clip(o.Drops), d...)
							}
							ops = addOp(ops, &c)
						}
					}
				}
			}
			if len(ops) != len(r.table.Local[fn]) {
				next[fn] = ops
			}
		}
		if len(next) == 0 {
			break
		}
		for fn, ops := range next {
			r.table.Local[fn] = ops
		}
	}
	// The peer index: direct peer operations and calls of functions that
	// perform them.
	for _, fn := range ssainput.SrcFuncs {
		for _, in := range sites[fn] {
			{
				for _, o := range r.direct[in] {
					if o.Blocks && o.Kind == Select {
						continue // its cases are indexed one by one
					}
					if o.body != nil {
						r.addPeer(o, Point{Fn: o.body, AtReturn: true, Op: o})
						continue
					}
					r.addPeer(o, Point{Fn: fn, Instr: in, AtReturn: o.deferred, Op: o})
				}
				_, isDefer := in.(*ssa.Defer)
				for _, g := range r.callees[in] {
					for _, o := range r.Of(g) {
						if o.Kind == Select {
							continue
						}
						c := *o
						c.Chain = append([]string{DisplayName(g)}, o.Chain...)
						r.addPeer(&c, Point{Fn: fn, Instr: in, AtReturn: isDefer, Op: &c})
					}
				}
			}
		}
	}
	// Facts.
	for fn, ops := range r.table.Local {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || obj.Pkg() != pass.Pkg {
			continue
		}
		var out []Op
		for _, o := range ops {
			if o.exportable() {
				out = append(out, *o)
			}
		}
		if len(out) > 0 {
			pass.ExportObjectFact(obj, &Ops{Ops: out})
		}
	}
	return r, nil
}

// markGiveBacks sets GivesBack on the sends and receives that follow, in
// their function, the opposite operation on the same class: directly, or
// as a case of a select (select { case sema <- x: case <-ctx.Done(): }). A
// literal deferred by a function gives back what the function took before
// the defer statement (defer func() { <-sema }() after sema <- x).
func markGiveBacks(direct map[ssa.Instruction][]*Op, sites map[*ssa.Function][]ssa.Instruction) {
	type at struct {
		in  ssa.Instruction
		dir Kind
	}
	// takes lists, per class, where fn performs a send or a receive (any
	// case of a select).
	takes := func(fn *ssa.Function) map[string][]at {
		var byClass map[string][]at
		for _, in := range sites[fn] {
			for _, o := range direct[in] {
				if o.Kind != Send && o.Kind != Recv && o.Kind != Select {
					continue
				}
				for _, cs := range o.Cases {
					if cs.Class != "" && (cs.Dir == Send || cs.Dir == Recv) {
						if byClass == nil {
							byClass = map[string][]at{}
						}
						byClass[cs.Class] = append(byClass[cs.Class], at{in, cs.Dir})
					}
				}
			}
		}
		return byClass
	}
	// single returns o's class when it is a plain send or receive.
	single := func(o *Op) (string, bool) {
		if (o.Kind == Send || o.Kind == Recv) && len(o.Cases) == 1 && o.Cases[0].Class != "" {
			return o.Cases[0].Class, true
		}
		return "", false
	}
	for fn, ins := range sites {
		byClass := takes(fn)
		if byClass == nil {
			continue
		}
		for _, in := range ins {
			for _, o := range direct[in] {
				cl, ok := single(o)
				if !ok {
					continue
				}
				for _, y := range byClass[cl] {
					if y.dir != o.Kind && y.in != in && Reaches(y.in, in) {
						o.GivesBack = true
						break
					}
				}
			}
		}
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				d, ok := in.(*ssa.Defer)
				if !ok {
					continue
				}
				var lit *ssa.Function
				if mc, ok := d.Call.Value.(*ssa.MakeClosure); ok {
					lit, _ = mc.Fn.(*ssa.Function)
				}
				if lit == nil || lit.Parent() != fn {
					continue
				}
				for _, lin := range sites[lit] {
					for _, o := range direct[lin] {
						cl, ok := single(o)
						if !ok {
							continue
						}
						for _, y := range byClass[cl] {
							if y.dir != o.Kind && Reaches(y.in, d) {
								o.GivesBack = true
								break
							}
						}
					}
				}
			}
		}
	}
}

// Reaches reports whether to can execute after from within one call of
// their function (a later instruction of the block, or a block reachable
// from it).
func Reaches(from, to ssa.Instruction) bool { return new(Reachability).Reaches(from, to) }

// Reachability answers Reaches for many queries, keeping for each block
// asked about the set of blocks reachable from it: one walk of the graph
// per source block, so a huge function costs linear time per query rather
// than a closure over all its blocks.
type Reachability struct {
	from map[*ssa.BasicBlock][]uint64
}

// Reaches is the package function Reaches, with the walks cached.
func (r *Reachability) Reaches(from, to ssa.Instruction) bool {
	fb, tb := from.Block(), to.Block()
	if fb == nil || tb == nil || from == to {
		return false
	}
	if fb == tb {
		for _, in := range fb.Instrs {
			if in == from {
				return true
			}
			if in == to {
				break // to precedes from in the block: only a loop reaches it
			}
		}
	}
	set := r.reachable(fb)
	return tb.Index/64 < len(set) && set[tb.Index/64]&(1<<(tb.Index%64)) != 0
}

// reachable returns the blocks reachable from b through at least one edge.
func (r *Reachability) reachable(b *ssa.BasicBlock) []uint64 {
	if set, ok := r.from[b]; ok {
		return set
	}
	set := make([]uint64, (len(b.Parent().Blocks)+63)/64)
	stack := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.Index/64 >= len(set) || set[s.Index/64]&(1<<(s.Index%64)) != 0 {
			continue
		}
		set[s.Index/64] |= 1 << (s.Index % 64)
		stack = append(stack, s.Succs...)
	}
	if r.from == nil {
		r.from = map[*ssa.BasicBlock][]uint64{}
	}
	r.from[b] = set
	return set
}

// sendsBuffered reports whether o has a send case on a buffered channel.
func (o *Op) sendsBuffered() bool {
	for _, c := range o.Cases {
		if c.Dir == Send && c.Buffered > 0 {
			return true
		}
	}
	return false
}

// loopFinder tells whether a block is on a cycle of its function's CFG.
type loopFinder struct{ memo map[*ssa.BasicBlock]bool }

func (l *loopFinder) inLoop(b *ssa.BasicBlock) bool {
	if b == nil {
		return false
	}
	if v, ok := l.memo[b]; ok {
		return v
	}
	if l.memo == nil {
		l.memo = map[*ssa.BasicBlock]bool{}
	}
	seen := map[*ssa.BasicBlock]bool{}
	stack := append([]*ssa.BasicBlock(nil), b.Succs...)
	found := false
	for len(stack) > 0 && !found {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s == b {
			found = true
		} else if !seen[s] {
			seen[s] = true
			stack = append(stack, s.Succs...)
		}
	}
	l.memo[b] = found
	return found
}

// addOp appends o unless an operation with the same key is there.
func addOp(ops []*Op, o *Op) []*Op {
	if len(ops) >= maxOps {
		return ops
	}
	k := o.key()
	for _, p := range ops {
		if p.key() == k {
			return ops
		}
	}
	return append(ops, o)
}

func (r *Result) addPeer(o *Op, p Point) {
	for _, c := range o.Cases {
		if c.Class == "" {
			continue
		}
		var kind Kind
		switch o.Kind {
		case Send, Recv, Close, Done, Signal:
			kind = o.Kind
		default:
			continue
		}
		k := peerKey(kind, c.Class)
		if len(r.peers[k]) < 256 {
			r.peers[k] = append(r.peers[k], p)
		}
	}
}

// scan records what one instruction contributes to the index.
func (b *builder) scan(fn *ssa.Function, in ssa.Instruction) {
	switch x := in.(type) {
	case *ssa.Send:
		b.op(fn, in, &Op{Kind: Send, Blocks: true, Cases: []Case{b.chanCase(fn, Send, x.Chan)}, Fresh: freshChan(x.Chan, in)})
	case *ssa.UnOp:
		if x.Op == token.ARROW {
			b.op(fn, in, &Op{Kind: Recv, Blocks: true, Cases: []Case{b.chanCase(fn, Recv, x.X)}, Fresh: freshChan(x.X, in)})
		}
	case *ssa.Select:
		var cases []Case
		for _, st := range x.States {
			dir := Recv
			if st.Dir == types.SendOnly {
				dir = Send
			}
			c := b.chanCase(fn, dir, st.Chan)
			cases = append(cases, c)
			// Each case is a peer of the opposite operation, whether or
			// not the select waits.
			b.op(fn, in, &Op{Kind: dir, Cases: []Case{c}})
		}
		if x.Blocking && len(cases) > 0 {
			b.op(fn, in, &Op{Kind: Select, Blocks: true, Cases: cases})
		}
	case *ssa.Store:
		b.store(fn, x)
	case *ssa.Call:
		b.call(fn, in, x.Common(), false)
	case *ssa.Defer:
		b.call(fn, in, x.Common(), true)
	}
}

func (b *builder) op(fn *ssa.Function, in ssa.Instruction, o *Op) {
	o.Origin = DisplayName(fn) + "@" + shortPos(b.Fset, fn.Pos())
	o.pos = in.Pos()
	if o.pos == token.NoPos {
		if bl := in.Block(); bl != nil && bl.Parent() != nil {
			o.pos = bl.Parent().Pos()
		}
	}
	o.At = shortPos(b.Fset, o.pos)
	b.r.direct[in] = append(b.r.direct[in], o)
}

// freshChan reports whether ch is loaded from a field of a struct the
// function allocated, into which it stored a new channel on a path to at
// (see Op.Fresh).
func freshChan(ch ssa.Value, at ssa.Instruction) bool {
	ld, ok := ch.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return false
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	obj := newObject(fa.X)
	if obj == nil {
		return false // a struct others may already see
	}
	refs := obj.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		fa2, ok := r.(*ssa.FieldAddr)
		if !ok || fa2.Field != fa.Field || fa2.Referrers() == nil {
			continue
		}
		for _, r2 := range *fa2.Referrers() {
			if st, ok := r2.(*ssa.Store); ok && st.Addr == fa2 {
				if _, made := st.Val.(*ssa.MakeChan); made && Reaches(st, at) {
					return true
				}
			}
		}
	}
	return false
}

// newObject returns the allocation v points to when the function made it:
// v is the allocation itself, or a load of a local variable whose only
// value is that allocation (r := &T{...} with r captured by a literal).
func newObject(v ssa.Value) *ssa.Alloc {
	switch x := v.(type) {
	case *ssa.Alloc:
		return x
	case *ssa.UnOp:
		cell, ok := x.X.(*ssa.Alloc)
		if !ok || x.Op != token.MUL || cell.Referrers() == nil {
			return nil
		}
		var obj *ssa.Alloc
		for _, r := range *cell.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == cell {
				a, ok := st.Val.(*ssa.Alloc)
				if !ok || obj != nil && obj != a {
					return nil
				}
				obj = a
			}
		}
		return obj
	}
	return nil
}

func (b *builder) chanCase(fn *ssa.Function, dir Kind, v ssa.Value) Case {
	return Case{Dir: dir, Class: b.resolve(fn, v), Name: Display(v)}
}

// call records close, WaitGroup and Cond operations.
func (b *builder) call(fn *ssa.Function, in ssa.Instruction, c *ssa.CallCommon, deferred bool) {
	if bi, ok := c.Value.(*ssa.Builtin); ok {
		if bi.Name() == "close" && len(c.Args) == 1 {
			o := &Op{Kind: Close, Cases: []Case{b.chanCase(fn, Close, c.Args[0])}, deferred: deferred}
			b.op(fn, in, o)
		}
		return
	}
	callee := c.StaticCallee()
	if callee == nil || c.IsInvoke() {
		return
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return
	}
	if callee.Name() == "NewCond" && len(c.Args) == 1 {
		if call, ok := in.(*ssa.Call); ok {
			b.setCondL(localClass(call), b.resolve(fn, c.Args[0]))
		}
		return
	}
	recv := obj.Type().(*types.Signature).Recv()
	if recv == nil || len(c.Args) == 0 {
		return
	}
	n, _ := types.Unalias(derefType(recv.Type())).(*types.Named)
	if n == nil {
		return
	}
	operand := func(k Kind) Case {
		return Case{Dir: k, Class: b.resolve(fn, c.Args[0]), Name: Display(c.Args[0])}
	}
	switch n.Obj().Name() + "." + obj.Name() {
	case "WaitGroup.Wait":
		if !deferred {
			b.op(fn, in, &Op{Kind: WaitGroup, Blocks: true, Cases: []Case{operand(WaitGroup)}})
		}
	case "WaitGroup.Done":
		b.op(fn, in, &Op{Kind: Done, Cases: []Case{operand(Done)}, deferred: deferred})
	case "WaitGroup.Add":
		if len(c.Args) == 2 {
			if k, ok := c.Args[1].(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int && constant.Sign(k.Value) < 0 {
				b.op(fn, in, &Op{Kind: Done, Cases: []Case{operand(Done)}, deferred: deferred})
			}
		}
	case "WaitGroup.Go":
		if len(c.Args) == 2 {
			if body := funcOf(c.Args[1]); body != nil && b.src[body] {
				b.op(fn, in, &Op{Kind: Done, Cases: []Case{operand(Done)}, body: body})
			}
		}
	case "Cond.Wait":
		if !deferred {
			cs := operand(CondWait)
			b.op(fn, in, &Op{Kind: CondWait, Blocks: true, Cases: []Case{cs}})
		}
	case "Cond.Signal", "Cond.Broadcast":
		b.op(fn, in, &Op{Kind: Signal, Cases: []Case{operand(Signal)}, deferred: deferred})
	}
}

// store learns channel capacities, Cond locks and function-valued fields.
func (b *builder) store(fn *ssa.Function, s *ssa.Store) {
	val := s.Val
	switch v := val.(type) {
	case *ssa.MakeChan:
		if cl := b.resolve(fn, s.Addr); cl != "" {
			size := -1
			if k, ok := v.Size.(*ssa.Const); ok && k.Value != nil {
				if n, ok := constant.Int64Val(constant.ToInt(k.Value)); ok {
					size = int(n)
				}
			}
			if old, seen := b.r.caps[cl]; seen && old != size {
				size = -1 // made with different sizes
			}
			b.r.caps[cl] = size
			b.r.makes[cl] = append(b.r.makes[cl], s)
		}
		return
	case *ssa.MakeInterface:
		// Cond.L = &s.mu
		if fa, ok := s.Addr.(*ssa.FieldAddr); ok && isCondL(fa) {
			b.setCondL(b.resolve(fn, fa.X), b.resolve(fn, v.X))
			return
		}
	}
	if fa, ok := s.Addr.(*ssa.FieldAddr); ok && isCondL(fa) {
		b.setCondL(b.resolve(fn, fa.X), b.resolve(fn, val))
		return
	}
	if _, ok := val.Type().Underlying().(*types.Signature); ok {
		cl := b.resolve(fn, s.Addr)
		if cl == "" || IsLocal(cl) {
			return
		}
		if g := funcOf(val); g != nil && b.src[g] {
			if !slices.Contains(b.fieldFuncs[cl], g) && len(b.fieldFuncs[cl]) < 8 {
				b.fieldFuncs[cl] = append(b.fieldFuncs[cl], g)
			}
		} else if _, isConst := val.(*ssa.Const); !isConst { // nil stores are harmless
			b.poisoned[cl] = true
		}
		return
	}
	if isCond(val.Type()) {
		// s.cond = sync.NewCond(&s.mu), s.cond = c, *s.cond = sync.Cond{L: ...}
		src := b.resolve(fn, val)
		if dst := b.resolve(fn, s.Addr); dst != "" && src != "" && dst != src {
			b.condCopies = append(b.condCopies, [2]string{dst, src})
		}
	}
}

// setCondL records that conds of class c use lock class l; a class given
// two different locks (or an unknown one) has none.
func (b *builder) setCondL(c, l string) {
	if c == "" {
		return
	}
	if old, ok := b.r.condL[c]; ok && old != l {
		l = ""
	}
	b.r.condL[c] = l
}

func isCond(t types.Type) bool {
	n, _ := types.Unalias(derefType(t)).(*types.Named)
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Cond"
}

// isCondL reports whether fa selects the L field of a sync.Cond.
func isCondL(fa *ssa.FieldAddr) bool {
	if !isCond(fa.X.Type()) {
		return false
	}
	st, ok := derefType(fa.X.Type()).Underlying().(*types.Struct)
	return ok && fa.Field < st.NumFields() && st.Field(fa.Field).Name() == "L"
}

// droppedClasses lists the lock classes fn releases at a point where it
// does not hold them: the caller's lock, dropped around what follows.
func droppedClasses(locks *lockset.Result, fn *ssa.Function) []string {
	if locks == nil {
		return nil
	}
	f := locks.Func(fn)
	if f == nil {
		return nil
	}
	var out []string
	for _, op := range f.CallerReleases() {
		if c := op.Lock.Path.Class(); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// funcOf returns the function a function value denotes, or nil.
func funcOf(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		f, _ := v.Fn.(*ssa.Function)
		return f
	case *ssa.ChangeType:
		return funcOf(v.X)
	}
	return nil
}

func staticCallee(c *ssa.CallCommon) *ssa.Function {
	if c.IsInvoke() {
		return nil
	}
	return c.StaticCallee()
}

// Resolve returns the class of a channel, wait group, condition variable
// or lock address v ("" when it has none; see the package doc). Captured
// variables resolve to the enclosing function's variable.
func Resolve(v ssa.Value) string { return resolve(v, 0, "") }

func (b *builder) resolve(_ *ssa.Function, v ssa.Value) string { return resolve(v, 0, "") }

func resolve(v ssa.Value, depth int, suffix string) string {
	for ; depth < maxResolve; depth++ {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return ""
			}
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.FieldAddr:
			return fieldClass(x.X.Type(), x.Field, suffix)
		case *ssa.Field:
			return fieldClass(x.X.Type(), x.Field, suffix)
		case *ssa.IndexAddr:
			suffix = "[]" + suffix
			v = x.X
		case *ssa.Index:
			suffix = "[]" + suffix
			v = x.X
		case *ssa.Lookup:
			if x.CommaOk {
				return ""
			}
			suffix = "[]" + suffix
			v = x.X
		case *ssa.Global:
			if x.Pkg == nil || x.Pkg.Pkg == nil {
				return ""
			}
			return x.Pkg.Pkg.Path() + "." + x.Name() + suffix
		case *ssa.Alloc:
			return localClass(x) + suffix
		case *ssa.MakeChan:
			return localClass(x) + suffix
		case *ssa.Call:
			// The value of one sync.NewCond call is one cond; other call
			// results (ctx.Done(), time.After) are unknown.
			if f := x.Common().StaticCallee(); f != nil && f.Name() == "NewCond" && f.Pkg != nil && f.Pkg.Pkg.Path() == "sync" {
				return localClass(x) + suffix
			}
			return ""
		case *ssa.FreeVar:
			b := binding(x)
			if b == nil {
				return ""
			}
			v = b
		case *ssa.Phi:
			same := ""
			for _, e := range x.Edges {
				if e == x {
					continue
				}
				if _, isPhi := e.(*ssa.Phi); isPhi {
					return "" // no φ webs: keep resolution linear
				}
				c := resolve(e, depth+1, suffix)
				if c == "" || same != "" && c != same {
					return ""
				}
				same = c
			}
			return same
		default:
			return ""
		}
	}
	return ""
}

// binding returns the value the enclosing function captures into fv.
func binding(fv *ssa.FreeVar) ssa.Value {
	lit := fv.Parent()
	if lit == nil {
		return nil
	}
	i := slices.Index(lit.FreeVars, fv)
	parent := lit.Parent()
	if i < 0 || parent == nil {
		return nil
	}
	for _, blk := range parent.Blocks {
		for _, in := range blk.Instrs {
			if mc, ok := in.(*ssa.MakeClosure); ok && mc.Fn == lit && i < len(mc.Bindings) {
				return mc.Bindings[i]
			}
		}
	}
	return nil
}

func localClass(v ssa.Value) string { return fmt.Sprintf("local:%p", v) }

// fieldClass is "(pkg.T).f" for field i of the named struct t (or *t).
func fieldClass(t types.Type, i int, suffix string) string {
	st, ok := derefType(t).Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return ""
	}
	n, ok := types.Unalias(derefType(t)).(*types.Named)
	if !ok {
		return ""
	}
	return "(" + types.TypeString(n.Origin(), nil) + ")." + st.Field(i).Name() + suffix
}

func derefType(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// Display renders an operand as source would spell it ("s.results",
// "done", "pkg.ch"), or "a channel" when it cannot.
func Display(v ssa.Value) string {
	if s := display(v, 0); s != "" {
		return s
	}
	return "a channel"
}

func display(v ssa.Value, depth int) string {
	if depth > 8 || v == nil {
		return ""
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return display(x.X, depth+1)
		}
	case *ssa.ChangeType:
		return display(x.X, depth+1)
	case *ssa.MakeInterface:
		return display(x.X, depth+1)
	case *ssa.FieldAddr:
		return fieldDisplay(x.X, x.X.Type(), x.Field, depth)
	case *ssa.Field:
		return fieldDisplay(x.X, x.X.Type(), x.Field, depth)
	case *ssa.IndexAddr:
		if s := display(x.X, depth+1); s != "" {
			return s + "[...]"
		}
	case *ssa.Index:
		if s := display(x.X, depth+1); s != "" {
			return s + "[...]"
		}
	case *ssa.Lookup:
		if s := display(x.X, depth+1); s != "" {
			return s + "[...]"
		}
	case *ssa.Global:
		return x.Name()
	case *ssa.Alloc:
		if token.IsIdentifier(x.Comment) {
			return x.Comment
		}
	case *ssa.Parameter:
		return x.Name()
	case *ssa.FreeVar:
		return x.Name()
	case *ssa.MakeChan:
		if refs := x.Referrers(); refs != nil {
			for _, r := range *refs {
				if d, ok := r.(*ssa.DebugRef); ok {
					if id, ok := d.Expr.(interface{ Name() string }); ok {
						return id.Name()
					}
				}
			}
		}
	}
	return ""
}

func fieldDisplay(x ssa.Value, t types.Type, i int, depth int) string {
	st, ok := derefType(t).Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return ""
	}
	base := display(x, depth+1)
	if base == "" {
		return ""
	}
	return base + "." + st.Field(i).Name()
}

// DisplayName names a function for chains: "(*p.T).M", "p.F", "p.F$lit".
var DisplayName = funcfacts.DisplayName

var shortPos = funcfacts.ShortPos
