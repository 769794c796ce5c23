package mayblock

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer computes the may-block facts of a package and a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "mayblock",
	Doc:        "find the functions that may block the calling goroutine, with the shortest call chain as evidence",
	URL:        "https://github.com/asynclint/asynclint/tree/main/passes/mayblock",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(MayBlock)},
}

// Class is a kind of blocking operation, as a bit so that sets of classes
// can be asked for at once.
type Class uint8

const (
	// Sleep: time.Sleep and receives from timer channels.
	Sleep Class = 1 << iota
	// Chan: channel receive, send, range, and select without default.
	Chan
	// Wait: sync.WaitGroup.Wait and sync.Cond.Wait.
	Wait
	// IO: files, network, processes and databases.
	IO
	// Runtime: asyncrt.BlockOn, asyncrt.Run and Runtime.Close, i.e. waiting
	// for another executor.
	Runtime
	// Declared: functions declared blocking by //asynclint:blocking or the
	// settings.
	Declared

	// GoSync is the set of Go-native synchronization waits: the classes that
	// can take part in a deadlock with a lock (channels, WaitGroup, Cond).
	GoSync = Chan | Wait
	// All is every class.
	All = Sleep | Chan | Wait | IO | Runtime | Declared
)

// classes lists the single classes in their canonical order.
var classes = [...]Class{Sleep, Chan, Wait, IO, Runtime, Declared}

const nClasses = len(classes)

func (c Class) String() string {
	var parts []string
	for _, k := range classes {
		if c&k == 0 {
			continue
		}
		switch k {
		case Sleep:
			parts = append(parts, "sleep")
		case Chan:
			parts = append(parts, "channel")
		case Wait:
			parts = append(parts, "wait")
		case IO:
			parts = append(parts, "io")
		case Runtime:
			parts = append(parts, "runtime")
		case Declared:
			parts = append(parts, "declared")
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// Op describes one blocking operation: an instruction (channel operation,
// select) or a call to a function known to block by itself.
type Op struct {
	Class Class
	// Name is how the operation reads in messages: "time.Sleep",
	// "(*os.File).Read", "channel receive".
	Name string
	// ID identifies the operation: the FullName of the function called, or
	// one of the Op* constants for instructions. Evidence.Op holds it.
	ID string
	// Advice says what to use instead in async code.
	Advice string
	// Pos is the position of the operation (for a range over a channel
	// without a key, the position of the range statement's "for").
	Pos token.Pos
}

// Evidence is why a function may block: the shortest chain of calls from it
// to a blocking operation of one class.
type Evidence struct {
	Class Class
	// Chain names the calls, from the first one the function makes down to
	// the blocking operation, which is the last element: for ioutil.ReadFile,
	// ["os.ReadFile", "os.Open"]. It is empty when the function is itself a
	// blocking operation (a knowledge-base or declared-blocking function).
	Chain []string
	// Op is the Op.ID of the operation at the end of the chain.
	Op string
	// Length is the full length of an abbreviated chain (see maxChain):
	// the first calls, "…", and the operation. 0 otherwise.
	Length int

	pos token.Pos // of the operation, when it is in the package analyzed
}

// Pos returns the position of the blocking operation at the end of the
// chain when it is in the package being analyzed, else token.NoPos.
func (e *Evidence) Pos() token.Pos { return e.pos }

// String renders the chain: "os.ReadFile → os.Open".
func (e *Evidence) String() string {
	if len(e.Chain) == 0 {
		return e.Op
	}
	return strings.Join(e.Chain, " → ")
}

// Advice says what to do instead of the operation at the end of the chain.
func (e *Evidence) Advice() string { return advice(e.Op, e.Class) }

// Len is the length of the chain, abbreviated or not.
func (e *Evidence) Len() int {
	if e.Length > 0 {
		return e.Length
	}
	return len(e.Chain)
}

// maxChain caps every chain, in facts and in the package analyzed: a longer
// chain tells a reader nothing more, facts of methods are re-exported by
// every importing package, so their size matters, and each function of a
// long call chain in one package keeps its own evidence, so uncapped chains
// would cost memory quadratic in the chain's length (and a message listing
// thousands of calls).
const maxChain = 10

// abbreviated returns e with its chain cut to maxChain elements: the first
// calls, "…", and the blocking operation.
func (e Evidence) abbreviated() Evidence {
	if len(e.Chain) <= maxChain {
		return e
	}
	chain := make([]string, 0, maxChain)
	chain = append(chain, e.Chain[:maxChain-2]...)
	chain = append(chain, "…", e.Chain[len(e.Chain)-1])
	e.Length = e.Len()
	e.Chain = chain
	return e
}

// Via returns the evidence for a call to a function named name whose own
// evidence is e: name prepended to the chain, abbreviated past maxChain.
func (e *Evidence) Via(name string) *Evidence {
	chain := make([]string, 0, len(e.Chain)+1)
	chain = append(chain, name)
	chain = append(chain, e.Chain...)
	ev := Evidence{Class: e.Class, Chain: chain, Op: e.Op, pos: e.pos}
	if e.Length > 0 {
		ev.Length = e.Length + 1
	}
	ev = ev.abbreviated()
	return &ev
}

// MayBlock is the object fact on a function or method (with an exported
// name) that may block the goroutine calling it.
type MayBlock struct {
	// Evidence has one entry per class of operation the function may reach,
	// in class order, each the shortest chain found.
	Evidence []Evidence
}

// AFact marks MayBlock as an analysis fact.
func (*MayBlock) AFact() {}

func (f *MayBlock) String() string {
	parts := make([]string, len(f.Evidence))
	for i := range f.Evidence {
		e := &f.Evidence[i]
		parts[i] = e.Class.String() + ": " + e.String()
	}
	return "mayblock(" + strings.Join(parts, "; ") + ")"
}

// Shortest returns the shortest evidence among the given classes (ties to
// the first class in class order), or nil.
func (f *MayBlock) Shortest(want Class) *Evidence {
	if f == nil {
		return nil
	}
	var best *Evidence
	for i := range f.Evidence {
		e := &f.Evidence[i]
		if e.Class&want != 0 && (best == nil || e.Len() < best.Len()) {
			best = e
		}
	}
	return best
}

// Result answers blocking questions about the functions and instructions
// of one package; functions of other packages are answered from facts. It
// is immutable once the pass has run, so concurrent readers are safe.
type Result struct {
	pass  *analysis.Pass
	kb    *kbase
	nodes map[*ssa.Function]*node
	byObj map[*types.Func]*node
	// callees memoizes the classification of the functions called in the
	// package, filled while the pass runs.
	callees map[*types.Func]*callee
	frozen  bool // set when the pass returns: no more writes
}

// Op reports whether instr is itself a blocking operation: a channel
// receive, send, range or blocking select, or a call (not a go statement)
// to a function that blocks by itself.
func (r *Result) Op(instr ssa.Instruction) (*Op, bool) {
	op := r.instrOp(instr)
	return op, op != nil
}

// Call reports whether the call instr may block the calling goroutine, with
// the shortest evidence over all classes; the chain starts with the callee.
// Go statements never block their caller.
func (r *Result) Call(instr ssa.CallInstruction) (*Evidence, bool) {
	return r.CallOf(instr, All)
}

// CallOf is Call restricted to the given classes.
func (r *Result) CallOf(instr ssa.CallInstruction, want Class) (*Evidence, bool) {
	if _, ok := instr.(*ssa.Go); ok || instr == nil {
		return nil, false
	}
	c := r.resolve(instr)
	if c == nil {
		return nil, false
	}
	switch c.kind {
	case calleeOp:
		if c.op.Class&want == 0 {
			return nil, false
		}
		return &Evidence{Class: c.op.Class, Chain: []string{c.op.Name}, Op: c.op.ID, pos: instr.Pos()}, true
	case calleeLocal:
		if e := c.node.best(want); e != nil {
			return e.Via(c.name), true
		}
	case calleeForeign:
		if e := c.fact.Shortest(want); e != nil {
			return e.Via(c.name), true
		}
	}
	return nil, false
}

// Blocking reports whether fn may block the goroutine calling it, with the
// shortest evidence over all classes. fn may be any function of the package,
// including literals; for a function of another package (or an
// instantiation or wrapper of one) the answer comes from its fact.
func (r *Result) Blocking(fn *ssa.Function) (*Evidence, bool) {
	return r.BlockingOf(fn, All)
}

// BlockingOf is Blocking restricted to the given classes.
func (r *Result) BlockingOf(fn *ssa.Function, want Class) (*Evidence, bool) {
	if fn == nil {
		return nil, false
	}
	n := r.nodes[fn]
	if n == nil && fn.Origin() != nil {
		n = r.nodes[fn.Origin()]
	}
	if n != nil {
		e := n.best(want)
		return e, e != nil
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return r.FuncOf(obj, want)
	}
	return nil, false
}

// Func reports whether the function or method obj, of this package or any
// other, may block, over all classes.
func (r *Result) Func(obj *types.Func) (*Evidence, bool) { return r.FuncOf(obj, All) }

// FuncOf is Func restricted to the given classes. A function that is
// itself a blocking operation has an empty chain.
func (r *Result) FuncOf(obj *types.Func, want Class) (*Evidence, bool) {
	if obj == nil {
		return nil, false
	}
	c := r.classify(obj.Origin())
	switch c.kind {
	case calleeOp:
		if c.op.Class&want != 0 {
			return &Evidence{Class: c.op.Class, Op: c.op.ID}, true
		}
	case calleeLocal:
		if e := c.node.best(want); e != nil {
			return e, true
		}
	case calleeForeign:
		if e := c.fact.Shortest(want); e != nil {
			return e, true
		}
	}
	return nil, false
}

// NonBlocking reports whether fn is declared not to block (by directive or
// settings): reports inside it are suppressed by the checks.
func (r *Result) NonBlocking(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return r.kb.nonblocking(obj)
	}
	return false
}

// Advice returns the advice for the operation with the given ID (an Op.ID or
// Evidence.Op) of class c.
func Advice(id string, c Class) string { return advice(id, c) }

func advice(id string, c Class) string {
	if a, ok := instrAdvice[id]; ok {
		return a
	}
	if k, ok := knownBlocking()[id]; ok {
		return k.advice
	}
	switch c {
	case Sleep:
		return adviceSleep
	case Chan:
		return adviceChan
	case Runtime:
		return adviceNested
	}
	return adviceUser
}

// String helps debugging.
func (o *Op) String() string { return fmt.Sprintf("%s (%s)", o.Name, o.Class) }
