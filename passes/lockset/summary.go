package lockset

import (
	"go/types"
	"strconv"
	"strings"
)

// Summary is what a function does to its caller's locks, exported as an
// object fact on the function's *types.Func so that callers in other
// packages see it:
//
//   - Acquires: locks the function takes and still holds on every return
//     ("lock helpers", constructors that return a locked object);
//   - Releases: locks it did not take but releases on every path to a
//     return ("unlock helpers"), including releases made by its defers;
//   - ReturnedReleases: locks that calling the function value it returns
//     releases, on every return (the idiom func (s *S) lock() func() {
//     s.mu.Lock(); return s.mu.Unlock }, used as unlock := s.lock() or
//     defer s.lock()()). The returned value must be a bound Unlock/RUnlock
//     method or a literal whose summary releases the lock.
//
// Locks are written relative to the function's parameters (the receiver is
// parameter 0) or as globals, so the caller maps them onto its arguments.
// Conditional behavior (a lock taken on some paths only, TryLock wrappers)
// is not summarized.
type Summary struct {
	Acquires         []Effect
	Releases         []Effect
	ReturnedReleases []Effect
}

func (*Summary) AFact() {}

// Empty reports whether the summary says nothing.
func (s *Summary) Empty() bool {
	return s == nil || len(s.Acquires)+len(s.Releases)+len(s.ReturnedReleases) == 0
}

func (s *Summary) String() string {
	var parts []string
	for _, e := range s.Acquires {
		parts = append(parts, "acquires "+e.String())
	}
	for _, e := range s.Releases {
		parts = append(parts, "releases "+e.String())
	}
	for _, e := range s.ReturnedReleases {
		parts = append(parts, "returns a releaser of "+e.String())
	}
	return strings.Join(parts, "; ")
}

// Effect is one lock a summary acquires or releases.
type Effect struct {
	// Root is RootParam or RootGlobal in facts; summaries of function
	// literals, used only inside their package, may also use RootFreeVar.
	Root  RootKind
	Index int    // RootParam, RootFreeVar: the parameter or free variable
	Name  string // its name (for display), or the global's "pkg/path.name"
	Steps []Step
	Mode  Mode
}

func (e Effect) String() string {
	var sb strings.Builder
	name := e.Name
	if e.Root == RootGlobal {
		// "example.com/p.mu" reads as p.mu.
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name = name[i+1:]
		}
	}
	sb.WriteString(name)
	writeSteps(&sb, e.Steps)
	if e.Mode == Shared {
		sb.WriteString(" (read)")
	}
	return sb.String()
}

// effectOf turns a path of the summarized function into an effect, or
// reports false when the path means nothing to a caller.
func effectOf(p *Path, mode Mode, literal bool) (Effect, bool) {
	switch p.Kind {
	case RootParam, RootGlobal:
	case RootFreeVar:
		if !literal {
			return Effect{}, false
		}
	default:
		return Effect{}, false
	}
	for _, s := range p.Steps {
		if s.VarIndex {
			return Effect{}, false
		}
	}
	name := p.display
	if p.Kind == RootGlobal {
		name = p.Name
	}
	return Effect{Root: p.Kind, Index: p.Index, Name: name, Steps: p.Steps, Mode: mode}, true
}

func (e Effect) key() string {
	var sb strings.Builder
	sb.WriteString(e.String())
	sb.WriteByte('/')
	sb.WriteString(strconv.Itoa(int(e.Root)) + ":" + strconv.Itoa(e.Index))
	for _, s := range e.Steps {
		sb.WriteString("," + strconv.Itoa(int(s.Kind)) + ":" + strconv.Itoa(s.Field))
	}
	return sb.String()
}

func (s *Summary) key() string {
	if s.Empty() {
		return ""
	}
	var sb strings.Builder
	for _, e := range s.Acquires {
		sb.WriteString("+" + e.key())
	}
	for _, e := range s.Releases {
		sb.WriteString("-" + e.key())
	}
	for _, e := range s.ReturnedReleases {
		sb.WriteString("~" + e.key())
	}
	return sb.String()
}

// funcName names fn for evidence: "(*p.T).M", "p.F".
func funcName(fn *types.Func) string {
	qual := func(p *types.Package) string { return p.Name() }
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return "(" + types.TypeString(sig.Recv().Type(), qual) + ")." + fn.Name()
	}
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}
