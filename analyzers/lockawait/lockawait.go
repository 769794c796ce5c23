package lockawait

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"
	"honnef.co/go/tools/analysis/facts/tokenfile"
	"honnef.co/go/tools/analysis/report"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/internal/ssapos"
	"github.com/asynclint/asynclint/passes/asyncapi"
	"github.com/asynclint/asynclint/passes/awaitpoints"
	"github.com/asynclint/asynclint/passes/lockset"
)

// Check is the check with its structured documentation.
var Check = checkdoc.New(&analysis.Analyzer{
	Name: "lockawait",
	Run:  run,
	Requires: []*analysis.Analyzer{
		buildssa.Analyzer,
		inspect.Analyzer,
		awaitpoints.Analyzer,
		lockset.Analyzer,
		generated.Analyzer,
		tokenfile.Analyzer, // report.Report looks files up through it
	},
}, doc)

// Analyzer reports sync locks held at await points.
var Analyzer = Check.Analyzer

// maxRelated caps the acquisition sites listed with one finding: a lock
// taken in many branches is explained by the first few.
const maxRelated = 3

// The check joins two shared passes over SSA: awaitpoints says where a
// coroutine may suspend, lockset which locks are held there. Both are flow
// and call aware in ways the syntax is not (a lock taken in one branch and
// held at the join, a helper that returns holding a lock, an await two
// calls deep in another package), so the check itself is only the join and
// the wording.
func run(pass *analysis.Pass) (any, error) {
	ssainfo, _ := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	points, _ := pass.ResultOf[awaitpoints.Analyzer].(*awaitpoints.Result)
	locks, _ := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	in, _ := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if ssainfo == nil || points == nil || locks == nil {
		return nil, nil
	}
	c := &checker{pass: pass, points: points, calls: ssapos.NewCalls(in)}
	for _, fn := range ssainfo.SrcFuncs {
		awaits := points.Points(fn)
		if len(awaits) == 0 {
			continue
		}
		f := locks.Func(fn)
		if f == nil {
			continue // no lock is ever held in fn
		}
		for _, call := range awaits {
			for _, h := range f.Before(call).Held() {
				if ownedByRuntime(h) {
					continue
				}
				c.report(call, h)
			}
		}
	}
	return nil, nil
}

type checker struct {
	pass   *analysis.Pass
	points *awaitpoints.Result
	calls  *ssapos.Calls
}

// report explains one lock held at one await point.
func (c *checker) report(call ssa.CallInstruction, h lockset.Held) {
	lock := h.Lock.String()
	held := "is held"
	if h.Lock.Mode == lockset.Shared {
		held = "is read-locked"
	}
	if !h.Must {
		held = strings.Replace(held, "is ", "may be ", 1) + " (locked on some paths)"
	}
	where := "at this await"
	switch chain := c.points.Chain(call); {
	case len(chain) > 1:
		where = fmt.Sprintf("across this call of %s, which may suspend (via %s)", chain[0], strings.Join(chain[1:], " → "))
	case len(chain) == 1 && strings.Contains(chain[0], " "):
		// An unresolved callee taking the *Co: the chain describes it.
		where = fmt.Sprintf("across this call of %s, which may suspend", chain[0])
	}
	msg := fmt.Sprintf("%s %s %s: the task suspends holding %s; any task on this worker that locks it blocks the worker and the holder may never resume; unlock before awaiting, or use asyncrt.Mutex",
		lock, held, where, lock)

	var opts []report.Option
	opts = append(opts, report.FilterGenerated())
	for i, site := range h.Sites {
		if i == maxRelated {
			break
		}
		what := lock + " locked here"
		if site.Via != nil {
			name := site.Via.Name()
			if obj, ok := site.Via.Object().(*types.Func); ok {
				name = awaitpoints.DisplayName(obj.Origin())
			}
			what = fmt.Sprintf("%s locked here by %s", lock, name)
		}
		opts = append(opts, report.Related(c.calls.Node(site.Call), what))
	}
	report.Report(c.pass, c.calls.Node(call), msg, opts...)
}

// ownedByRuntime reports whether the lock is asyncrt's own business: taken
// by one of the runtime's functions or reached through one of its types.
// The runtime's internal synchronization is not the user's lock.
func ownedByRuntime(h lockset.Held) bool {
	for _, s := range h.Sites {
		if s.Via == nil {
			continue
		}
		if obj := s.Via.Object(); obj != nil && obj.Pkg() != nil && strings.HasPrefix(obj.Pkg().Path(), asyncapi.Path) {
			return true
		}
	}
	return strings.HasPrefix(h.Lock.Path.Class(), "("+asyncapi.Path+".")
}
