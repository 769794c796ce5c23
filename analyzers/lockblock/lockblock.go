package lockblock

import (
	"fmt"
	"go/token"
	"slices"
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
	"github.com/asynclint/asynclint/passes/chanops"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "lockblock",
	Run:  run,
	Requires: []*analysis.Analyzer{
		buildssa.Analyzer,
		inspect.Analyzer,
		lockset.Analyzer,
		lockacq.Analyzer,
		chanops.Analyzer,
		generated.Analyzer,
	},
}, doc)

// Analyzer reports a lock held across a blocking operation whose peer needs
// the lock.
var Analyzer = Check.Analyzer

func run(pass *analysis.Pass) (any, error) {
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	acqs, _ := pass.ResultOf[lockacq.Analyzer].(*lockacq.Result)
	ops, _ := pass.ResultOf[chanops.Analyzer].(*chanops.Result)
	in, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if ssainfo == nil || locks == nil || acqs == nil || ops == nil {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		calls:    ssapos.NewCalls(in),
		acqs:     acqs,
		locks:    locks,
		ops:      ops,
		taken:    map[*ssa.Function][]acquisition{},
		done:     map[token.Pos]bool{},
		localDef: map[string]ssa.Instruction{},
	}
	for _, fn := range ssainfo.SrcFuncs {
		f := locks.Func(fn)
		if f == nil {
			continue // nothing is ever held in fn (or lockset skipped it)
		}
		handoff := c.handedOff(fn)
		f.Walk(func(instr ssa.Instruction, s *lockset.State) {
			if s.Empty() {
				return
			}
			waits := c.waits(instr)
			if len(waits) == 0 {
				return
			}
			for _, h := range s.Held() {
				if !h.Must || c.done[instr.Pos()] {
					continue
				}
				key := lockKey(fn, h.Lock.Path)
				if key == "" || handoff[key] {
					continue
				}
				for _, w := range waits {
					if c.check(fn, instr, h, key, w) {
						break
					}
				}
			}
		})
	}
	return nil, nil
}

// handedOff returns the locks a function literal created in fn releases
// without having taken them: the lock is then a binary semaphore handed to
// another goroutine (mu.Lock(); go func() { ...; mu.Unlock() }()), and
// holding it across a wait is how fn waits for that goroutine.
func (c *checker) handedOff(fn *ssa.Function) map[string]bool {
	var out map[string]bool
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			mc, ok := in.(*ssa.MakeClosure)
			if !ok {
				continue
			}
			lit, _ := mc.Fn.(*ssa.Function)
			if lit == nil {
				continue
			}
			f := c.locks.Func(lit)
			if f == nil {
				continue
			}
			for _, op := range f.CallerReleases() {
				if k := lockKey(lit, op.Lock.Path); k != "" {
					if out == nil {
						out = map[string]bool{}
					}
					out[k] = true
				}
			}
		}
	}
	return out
}

// wait is a blocking operation at an instruction of the holder: its own, or
// one a callee performs (then call is set).
type wait struct {
	op     *chanops.Op
	call   ssa.CallInstruction
	callee *ssa.Function
}

// waits lists the blocking operations instr performs, directly or by a
// call (not a go or defer statement: those do not wait here).
func (c *checker) waits(instr ssa.Instruction) []wait {
	var out []wait
	for _, o := range c.ops.Direct(instr) {
		if o.Blocks && !o.Deferred() {
			out = append(out, wait{op: o})
		}
	}
	call, ok := instr.(*ssa.Call)
	if !ok {
		return out
	}
	for _, g := range c.ops.Callees(call) {
		for _, o := range c.ops.Of(g) {
			if o.Blocks {
				out = append(out, wait{op: o, call: call, callee: g})
			}
		}
	}
	return out
}

type checker struct {
	pass  *analysis.Pass
	calls *ssapos.Calls
	acqs  *lockacq.Result
	locks *lockset.Result
	ops   *chanops.Result
	// taken caches each function's lock acquisitions.
	taken map[*ssa.Function][]acquisition
	// localDef maps the key of a local mutex to its declaration.
	localDef map[string]ssa.Instruction
	// reach answers "can this run after that" within one function.
	reach chanops.Reachability
	done  map[token.Pos]bool
}

// acquisition is one point where a function takes a lock: a Lock/RLock
// call, a helper returning holding it, or a call of a function that may
// lock it while it runs (lockacq).
type acquisition struct {
	instr  ssa.Instruction
	key    string
	shared bool
}

// peer is a point that would unblock the wait and first needs the lock.
type peer struct {
	pt  chanops.Point
	acq acquisition
	// dir is what the peer does ("sender", "receiver", "closer", ...).
	dir string
}

// check reports the hazard of holding h (of key) across w, if any.
func (c *checker) check(fn *ssa.Function, instr ssa.Instruction, h lockset.Held, key string, w wait) bool {
	o := w.op
	for _, d := range o.Drops {
		if d == key || d+" (read)" == key {
			return false
		}
	}
	shared := h.Lock.Mode == lockset.Shared
	switch o.Kind {
	case chanops.Recv, chanops.Send:
		if !mayBlock(o, o.Cases[0]) {
			return false
		}
		p, ok := c.findPeer(fn, o, o.Cases[0], key, shared)
		if !ok {
			return false
		}
		c.report(instr, h, w, []peer{p}, key)
		return true
	case chanops.Select:
		var ps []peer
		for _, cs := range o.Cases {
			if !mayBlock(o, cs) {
				return false // that case can proceed
			}
			p, ok := c.findPeer(fn, o, cs, key, shared)
			if !ok {
				return false // that case can be unblocked without the lock
			}
			ps = append(ps, p)
		}
		c.report(instr, h, w, ps, key)
		return true
	case chanops.WaitGroup:
		p, ok := c.peerOf(fn, o, chanops.Done, o.Cases[0].Class, key, shared)
		if !ok {
			return false
		}
		p.dir = "goroutine"
		c.report(instr, h, w, []peer{p}, key)
		return true
	case chanops.CondWait:
		l := o.CondL
		if l == "" {
			l = c.ops.CondLock(o.Cases[0].Class)
		}
		if l == "" || l == strings.TrimSuffix(key, " (read)") || key == condLClass {
			return false // c.L unknown, or the lock Wait releases (c.L.Lock())
		}
		p, ok := c.peerOf(fn, o, chanops.Signal, o.Cases[0].Class, key, shared)
		if !ok {
			return false
		}
		p.dir = "signaller"
		c.report(instr, h, w, []peer{p}, key)
		return true
	}
	return false
}

// bigBuffer is the capacity from which a channel is taken for a queue
// sized never to fill (database/sql's openerCh is 1e6).
const bigBuffer = 1024

// mayBlock reports whether the case of o can wait for its peer. A send on
// a buffered channel waits only once the buffer is full: that is plausible
// when the send repeats in a loop (of its function, or around a call on
// its chain) and the buffer is not sized as a never-filling queue. A
// single send into a buffer (the make(chan T, 1) result idiom) does not
// wait, nor does a send returning a token the function took from the same
// channel. Receives wait on an empty buffer whatever its size, except a
// receive releasing a semaphore slot its own function's send took (sema <-
// x ... <-sema): the slot is its own.
func mayBlock(o *chanops.Op, cs chanops.Case) bool {
	if cs.Dir == chanops.Recv && o.GivesBack && len(o.Cases) == 1 {
		return false // releases the slot its own send took (a semaphore)
	}
	if cs.Dir != chanops.Send || cs.Buffered == 0 {
		return true
	}
	if o.GivesBack {
		return false // returns a token it took: the buffer has its room
	}
	return o.InLoop && cs.Buffered < bigBuffer
}

// condLClass is the class of a lock reached as c.L: the held lock is the
// Cond's own.
const condLClass = "(sync.Cond).L"

// findPeer finds a peer of one channel case that acquires key first.
func (c *checker) findPeer(fn *ssa.Function, o *chanops.Op, cs chanops.Case, key string, shared bool) (peer, bool) {
	if cs.Dir == chanops.Recv {
		if p, ok := c.peerOf(fn, o, chanops.Send, cs.Class, key, shared); ok {
			p.dir = "sender"
			return p, true
		}
		if p, ok := c.peerOf(fn, o, chanops.Close, cs.Class, key, shared); ok {
			p.dir = "closer"
			return p, true
		}
		return peer{}, false
	}
	p, ok := c.peerOf(fn, o, chanops.Recv, cs.Class, key, shared)
	p.dir = "receiver"
	return p, ok
}

// opposite is the kind of operation that takes what a peer of kind gives
// back: a send returning a token follows a receive that took it, a
// receive releasing a semaphore slot follows the send that took it.
func opposite(kind chanops.Kind) chanops.Kind {
	switch kind {
	case chanops.Send:
		return chanops.Recv
	case chanops.Recv:
		return chanops.Send
	}
	return 0
}

// peerOf returns the first point performing kind on class, outside the
// holder's own function, reached after an acquisition of key.
func (c *checker) peerOf(holder *ssa.Function, o *chanops.Op, kind chanops.Kind, class, key string, shared bool) (peer, bool) {
	for _, pt := range c.ops.Peers(kind, class) {
		if pt.Op.Fresh {
			continue // a channel nobody can be waiting on yet
		}
		if pt.Op.GivesBack && len(pt.Op.Chain) > 0 {
			// A callee giving back what it took: its own function's
			// points decide whether it needs the lock in between.
			continue
		}
		if pt.Fn == holder || pt.Op.Origin == o.Origin {
			// A function is not its own peer: a semaphore's send and
			// receive, or a hand-off within one critical section, pair
			// with themselves on one goroutine.
			continue
		}
		takes := c.takes(pt, kind, class)
		makes := c.ops.Makes(class, pt.Fn)
		for _, a := range c.acquisitions(pt.Fn) {
			if a.key != key || shared && a.shared {
				continue // another lock, or two readers
			}
			if !c.before(pt.Fn, a.instr, pt) {
				continue
			}
			if len(makes) > 0 && !slices.ContainsFunc(makes, func(m ssa.Instruction) bool { return c.reaches(m, a.instr) }) {
				// The peer makes the channel it then waits on after this
				// acquisition (a fresh result channel per call, published
				// under the lock): a holder reaches that channel only once
				// the peer has published it, past the acquisition.
				continue
			}
			if def := c.localDef[key]; def != nil && def.Parent() == pt.Fn && def.Block() != nil && !c.sameIteration(pt, a.instr, def) {
				// The mutex is declared in a loop of the peer: going around
				// the loop makes a new mutex (and usually a new channel).
				continue
			}
			if len(takes) > 0 && !slices.ContainsFunc(takes, func(t ssa.Instruction) bool { return c.reaches(t, a.instr) }) {
				// The peer gives back what it took, and took the lock
				// before taking it: it cannot hold the token while
				// waiting for the lock.
				continue
			}
			return peer{pt: pt, acq: a}, true
		}
	}
	return peer{}, false
}

// takes returns the points of pt's function that perform the opposite
// operation on class on a path to pt: pt then gives back what they took.
func (c *checker) takes(pt chanops.Point, kind chanops.Kind, class string) []ssa.Instruction {
	opp := opposite(kind)
	if opp == 0 {
		return nil
	}
	var out []ssa.Instruction
	for _, t := range c.ops.Peers(opp, class) {
		if t.Fn != pt.Fn || t.Instr == nil || t.AtReturn || t.Instr == pt.Instr {
			continue
		}
		if c.before(pt.Fn, t.Instr, pt) {
			out = append(out, t.Instr)
		}
	}
	return out
}

// before reports whether some path of fn goes from the acquisition a to
// the point pt (an instruction, or a return when pt happens at return).
func (c *checker) before(fn *ssa.Function, a ssa.Instruction, pt chanops.Point) bool {
	if pt.AtReturn {
		for _, b := range fn.Blocks {
			if len(b.Instrs) == 0 {
				continue
			}
			if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && c.reaches(a, ret) {
				return true
			}
		}
		return false
	}
	return pt.Instr != nil && c.reaches(a, pt.Instr)
}

// sameIteration reports whether pt follows the acquisition a without
// passing through block avoid (where a local mutex is declared).
func (c *checker) sameIteration(pt chanops.Point, a, def ssa.Instruction) bool {
	avoid := def.Block()
	var targets []*ssa.BasicBlock
	if pt.AtReturn {
		for _, b := range pt.Fn.Blocks {
			if len(b.Instrs) > 0 {
				if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
					targets = append(targets, b)
				}
			}
		}
	} else if pt.Instr != nil {
		if b := pt.Instr.Block(); b == a.Block() && c.reaches(a, pt.Instr) && b.Instrs != nil {
			// Same block: later in it is the same iteration.
			for _, in := range b.Instrs {
				if in == a {
					return true
				}
				if in == pt.Instr {
					break
				}
			}
		}
		targets = append(targets, pt.Instr.Block())
	}
	seen := map[*ssa.BasicBlock]bool{}
	stack := append([]*ssa.BasicBlock(nil), a.Block().Succs...)
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s == avoid {
			// Entering the declaring block from its top: only a point
			// before the declaration is still the same mutex.
			if !pt.AtReturn && pt.Instr != nil && pt.Instr.Block() == s && precedes(pt.Instr, def) {
				return true
			}
			continue
		}
		if slices.Contains(targets, s) {
			return true
		}
		if !seen[s] {
			seen[s] = true
			stack = append(stack, s.Succs...)
		}
	}
	return false
}

// precedes reports whether x comes before y in their common block.
func precedes(x, y ssa.Instruction) bool {
	for _, in := range x.Block().Instrs {
		if in == x {
			return true
		}
		if in == y {
			return false
		}
	}
	return false
}

// reaches reports whether to can execute after from in one call of their
// function. One call both locking and performing the operation (from ==
// to) is not an order: it is decided inside the callee, where its own
// points are checked.
func (c *checker) reaches(from, to ssa.Instruction) bool { return c.reach.Reaches(from, to) }

// acquisitions lists the points where fn takes a lock, with its key.
func (c *checker) acquisitions(fn *ssa.Function) []acquisition {
	if a, ok := c.taken[fn]; ok {
		return a
	}
	var out []acquisition
	f := c.locks.Func(fn)
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if f != nil {
				for _, op := range f.Ops(in) {
					if op.Kind != lockset.Acquire || op.Deferred {
						continue
					}
					if k := lockKey(fn, op.Lock.Path); k != "" {
						out = append(out, acquisition{in, k, op.Lock.Mode == lockset.Shared})
						if p := op.Lock.Path; p.Kind == lockset.RootLocal {
							if def, ok := p.Value.(ssa.Instruction); ok {
								c.localDef[k] = def
							}
						}
					}
				}
			}
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			callee := lockacq.Callee(call.Common())
			if callee == nil {
				continue
			}
			for _, a := range c.acqs.Of(callee) {
				shared := a.Effect.Mode == lockset.Shared || strings.HasSuffix(a.Class, " (read)")
				k := strings.TrimSuffix(a.Class, " (read)")
				if k == "" && a.Effect.Root != 0 {
					// A local mutex the literal captured.
					if loc, ok := lockacq.Map(call.Common(), callee, a); ok && len(loc.Steps) == 0 && loc.Value != nil {
						k = chanops.Resolve(loc.Value)
					}
				}
				if k != "" {
					out = append(out, acquisition{in, k, shared})
				}
			}
		}
	}
	c.taken[fn] = out
	return out
}

// lockKey identifies a lock across the functions of the package: its class
// (a struct field of a named type, a global), or, for a local mutex, the
// variable of the function that declares it (closures resolve captured
// variables to it). "" when the lock has no identity beyond fn.
func lockKey(fn *ssa.Function, p *lockset.Path) string {
	if p == nil {
		return ""
	}
	if c := p.Class(); c != "" {
		return c
	}
	for _, s := range p.Steps {
		if s.Kind != lockset.StepDeref {
			return ""
		}
	}
	switch p.Kind {
	case lockset.RootGlobal:
		return p.Name
	case lockset.RootLocal:
		if p.Value != nil {
			return chanops.Resolve(p.Value)
		}
	case lockset.RootFreeVar:
		if p.Index >= 0 && p.Index < len(fn.FreeVars) {
			return chanops.Resolve(fn.FreeVars[p.Index])
		}
	}
	return ""
}

// report explains one hazard at instr.
func (c *checker) report(instr ssa.Instruction, h lockset.Held, w wait, peers []peer, key string) {
	if c.done[instr.Pos()] {
		return
	}
	c.done[instr.Pos()] = true
	lock := h.Lock.String()
	o := w.op
	name := func(cs chanops.Case) string {
		if w.call != nil && !chanops.IsLocal(cs.Class) {
			return shortClass(cs.Class)
		}
		s := cs.Name
		if n, ok := c.ops.Capacity(cs.Class); ok && n > 0 && cs.Dir == chanops.Send {
			s += fmt.Sprintf(" (buffered, capacity %d: the buffer only delays the deadlock until it fills)", n)
		}
		return s
	}
	var what, why, fix string
	p := peers[0]
	peerFn := chanops.DisplayName(p.pt.Fn)
	switch o.Kind {
	case chanops.Recv:
		what = "receiving from " + name(o.Cases[0])
		why = fmt.Sprintf("whose %s %s locks %s first: the two goroutines wait on each other forever", p.dir, peerFn, lock)
		fix = "receiving"
	case chanops.Send:
		what = "sending on " + name(o.Cases[0])
		why = fmt.Sprintf("whose %s %s locks %s first: the two goroutines wait on each other forever", p.dir, peerFn, lock)
		fix = "sending"
	case chanops.Select:
		what = "waiting in a select"
		var list []string
		for i, q := range peers {
			if i == 3 {
				list = append(list, "…")
				break
			}
			list = append(list, fmt.Sprintf("%s %s of %s", q.dir, chanops.DisplayName(q.pt.Fn), name(o.Cases[i])))
		}
		why = fmt.Sprintf("whose every case waits for a goroutine that locks %s first (%s): no case can proceed", lock, strings.Join(list, ", "))
		fix = "the select"
	case chanops.WaitGroup:
		what = "waiting for " + name(o.Cases[0])
		why = fmt.Sprintf("whose goroutine %s locks %s before calling Done: Wait never returns", peerFn, lock)
		fix = "waiting"
	case chanops.CondWait:
		l := o.CondL
		if l == "" {
			l = c.ops.CondLock(o.Cases[0].Class)
		}
		what = fmt.Sprintf("waiting on %s, which releases only %s", name(o.Cases[0]), shortClass(l))
		why = fmt.Sprintf("and its signaller %s locks %s first: the signal never comes", peerFn, lock)
		fix = "waiting"
	}
	if w.call != nil {
		via := strings.Join(append([]string{chanops.DisplayName(w.callee)}, o.Chain...), " → ")
		what = fmt.Sprintf("calling %s, which ends up %s (by %s", chanops.DisplayName(w.callee), what, via)
		if o.At != "" && !o.Pos().IsValid() {
			what += " at " + o.At
		}
		what += ")"
		fix = "the call"
	}
	msg := fmt.Sprintf("%s is held while %s, %s; release %s before %s", lock, what, why, lock, fix)

	opts := []report.Option{report.FilterGenerated()}
	for i, site := range h.Sites {
		if i == 2 {
			break
		}
		opts = append(opts, report.Related(c.calls.Node(site.Call), lock+" locked here"))
	}
	if w.call != nil && o.Pos().IsValid() {
		opts = append(opts, report.Related(ssapos.Pos(o.Pos()), "the blocking "+o.Kind.String()))
	}
	for i, q := range peers {
		if i == 3 {
			break
		}
		at := q.pt.Op.Pos()
		if q.pt.Instr != nil {
			at = q.pt.Instr.Pos()
		}
		if at.IsValid() {
			opts = append(opts, report.Related(ssapos.Pos(at), fmt.Sprintf("the %s (%s)", q.dir, chanops.DisplayName(q.pt.Fn))))
		}
		if call, ok := q.acq.instr.(ssa.CallInstruction); ok {
			opts = append(opts, report.Related(c.calls.Node(call), "which first locks "+shortClass(key)+" here"))
		}
	}
	var node report.Positioner = ssapos.Pos(instr.Pos())
	if call, ok := instr.(ssa.CallInstruction); ok {
		node = c.calls.Node(call)
	}
	report.Report(c.pass, node, msg, opts...)
}

// shortClass renders "(example.com/p.Server).mu" as "Server.mu" and a
// global "example.com/p.mu" as "p.mu".
func shortClass(cl string) string {
	if chanops.IsLocal(cl) || cl == "" {
		return "its lock"
	}
	if strings.HasPrefix(cl, "(") {
		if i := strings.Index(cl, ")."); i > 0 {
			t := cl[1:i]
			if j := strings.LastIndex(t, "."); j >= 0 {
				t = t[j+1:]
			}
			return t + "." + cl[i+2:]
		}
	}
	if i := strings.LastIndex(cl, "/"); i >= 0 {
		cl = cl[i+1:]
	}
	return cl
}
