package lockorder

import (
	"fmt"
	"go/token"
	"sort"
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
	Name: "lockorder",
	Run:  run,
	Requires: []*analysis.Analyzer{
		buildssa.Analyzer,
		inspect.Analyzer,
		lockset.Analyzer,
		lockacq.Analyzer,
		generated.Analyzer,
	},
}, doc)

// Analyzer reports two lock classes taken in opposite orders.
var Analyzer = Check.Analyzer

// edge is one observation "outer held while inner acquired".
type edge struct {
	outer, inner string // lock classes, without the read marker
	// outerQ and innerQ are the qualified classes (lockset.QualifiedClass):
	// c.in.Mutex and c.out.Mutex share a class but not a qualified class,
	// so an order between them and a third lock is not an inversion.
	outerQ, innerQ string
	outerName      string
	innerName      string
	held           ssa.CallInstruction // where outer was locked
	at             ssa.CallInstruction // the acquisition (or the call that reaches it)
	via            string              // helper chain, when through a call
	innerPos       token.Pos           // the inner Lock call, when in this package
	shared         bool                // both acquisitions are read locks
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	acqs, _ := pass.ResultOf[lockacq.Analyzer].(*lockacq.Result)
	in, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if ssainfo == nil || locks == nil || acqs == nil {
		return nil, nil
	}
	// first holds, per ordered pair of classes, the distinct witnesses by
	// qualified classes (at most maxWitnesses), exclusive ones preferred.
	first := map[[2]string][]*edge{}
	var order [][2]string
	add := func(e *edge) {
		if e.outer == "" || e.inner == "" || e.outer == e.inner {
			return // same class: nested instances (parent/child), not an order
		}
		k := [2]string{e.outer, e.inner}
		for i, old := range first[k] {
			if old.outerQ == e.outerQ && old.innerQ == e.innerQ {
				if old.shared && !e.shared {
					first[k][i] = e // prefer an exclusive witness
				}
				return
			}
		}
		if len(first[k]) == 0 {
			order = append(order, k)
		}
		if len(first[k]) < maxWitnesses {
			first[k] = append(first[k], e)
		}
	}
	for _, fn := range ssainfo.SrcFuncs {
		f := locks.Func(fn)
		if f == nil {
			continue
		}
		f.Walk(func(instr ssa.Instruction, s *lockset.State) {
			if s.Empty() {
				return
			}
			held := s.Held()
			for _, op := range f.Ops(instr) {
				if op.Kind != lockset.Acquire || op.Deferred || op.Via != nil {
					continue
				}
				for _, h := range held {
					if !h.Must || len(h.Sites) == 0 || h.Lock.Path == op.Lock.Path {
						continue
					}
					add(&edge{outer: class(h.Lock), inner: class(op.Lock), outerQ: qualified(h.Lock), innerQ: qualified(op.Lock),
						outerName: h.Lock.String(), innerName: op.Lock.String(),
						held: h.Sites[0].Call, at: op.Call, shared: h.Lock.Mode == lockset.Shared && op.Lock.Mode == lockset.Shared})
				}
			}
			call, ok := instr.(*ssa.Call)
			if !ok {
				return
			}
			if ops := f.Ops(instr); len(ops) > 0 && ops[0].Via == nil {
				return // a lock method
			}
			callee := lockacq.Callee(call.Common())
			if callee == nil {
				return
			}
			for _, a := range acqs.Of(callee) {
				inner := strings.TrimSuffix(a.Class, " (read)")
				for _, h := range held {
					if !h.Must || len(h.Sites) == 0 {
						continue
					}
					innerQ := a.QClass
					if a.Effect.Root != 0 {
						loc, ok := lockacq.Map(call.Common(), callee, a)
						if ok && loc.Same(h.Lock.Path) {
							continue // the same lock: doublelock's business
						}
						if ok {
							innerQ = lockacq.Qualify(loc, innerQ)
						}
					}
					if innerQ == "" {
						innerQ = inner
					}
					name := a.Effect.String()
					if a.Effect.Root == 0 {
						name = inner
					}
					add(&edge{outer: class(h.Lock), inner: inner, outerQ: qualified(h.Lock), innerQ: innerQ,
						outerName: h.Lock.String(), innerName: strings.TrimSuffix(name, " (read)"),
						held: h.Sites[0].Call, at: call, via: strings.Join(append([]string{lockacq.DisplayName(callee)}, a.Chain...), " → "),
						innerPos: a.Pos(), shared: h.Lock.Mode == lockset.Shared && a.Effect.Mode == lockset.Shared && a.Effect.Root != 0})
				}
			}
		})
	}
	c := &checker{pass: pass, calls: ssapos.NewCalls(in)}
	sort.SliceStable(order, func(i, j int) bool { return order[i][0]+"\x00"+order[i][1] < order[j][0]+"\x00"+order[j][1] })
	for _, k := range order {
		if k[0] > k[1] {
			continue // each unordered pair once, from its smaller class
		}
		if ab, ba := inversion(first[k], first[[2]string{k[1], k[0]}]); ab != nil {
			c.report(ab, ba)
		}
	}
	return nil, nil
}

// maxWitnesses bounds the edges kept per ordered pair of classes.
const maxWitnesses = 8

// inversion finds a witness of each order whose locks may be the same
// ones (qualified classes that may alias, see lockset.ClassesMayAlias),
// not both read locks (read locks on both sides never wait for each
// other); nil if there is none.
func inversion(abs, bas []*edge) (ab, ba *edge) {
	for _, ab := range abs {
		for _, ba := range bas {
			if ab.shared && ba.shared {
				continue
			}
			if lockset.ClassesMayAlias(ab.outerQ, ba.innerQ) && lockset.ClassesMayAlias(ab.innerQ, ba.outerQ) {
				return ab, ba
			}
		}
	}
	return nil, nil
}

// class is the lock's type-relative identity without the side: the read
// and write sides of one RWMutex order the same way.
func class(l *lockset.Lock) string { return l.Path.Class() }

// qualified is class with the enclosing fields (lockset.QualifiedClass).
func qualified(l *lockset.Lock) string {
	if q := l.Path.QualifiedClass(); q != "" {
		return q
	}
	return class(l)
}

type checker struct {
	pass  *analysis.Pass
	calls *ssapos.Calls
}

func (c *checker) report(ab, ba *edge) {
	// Report at the later of the two inner acquisitions, pointing at the
	// other order.
	if ab.at.Pos() < ba.at.Pos() {
		ab, ba = ba, ab
	}
	how := func(e *edge) string {
		if e.via != "" {
			return " (by " + e.via + ")"
		}
		return ""
	}
	msg := fmt.Sprintf("%s is locked while %s is held%s, but elsewhere %s is locked while %s is held%s: two goroutines taking them in opposite orders deadlock (AB-BA); always acquire %s and %s in one fixed order",
		ab.innerName, ab.outerName, how(ab), ba.innerName, ba.outerName, how(ba), shortClass(min(ab.outer, ab.inner)), shortClass(max(ab.outer, ab.inner)))
	opts := []report.Option{
		report.FilterGenerated(),
		report.Related(c.calls.Node(ab.held), ab.outerName+" locked here"),
		report.Related(c.calls.Node(ba.at), "opposite order: "+ba.innerName+" locked here"+how(ba)),
		report.Related(c.calls.Node(ba.held), "while "+ba.outerName+", locked here, is held"),
	}
	if ab.innerPos.IsValid() && ab.via != "" {
		opts = append(opts, report.Related(ssapos.Pos(ab.innerPos), ab.innerName+" locked inside the call here"))
	}
	report.Report(c.pass, c.calls.Node(ab.at), msg, opts...)
}

// shortClass renders "(example.com/p.Server).mu" as "Server.mu".
func shortClass(cl string) string {
	cl = strings.TrimPrefix(cl, "(")
	cl = strings.Replace(cl, ").", ".", 1)
	if i := strings.LastIndex(cl, "/"); i >= 0 {
		cl = cl[i+1:]
	}
	if i := strings.Index(cl, "."); i >= 0 && strings.Count(cl, ".") > 1 {
		cl = cl[i+1:]
	}
	return cl
}
