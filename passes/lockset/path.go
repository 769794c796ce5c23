package lockset

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// RootKind says where an access path starts.
type RootKind uint8

const (
	// RootParam: a parameter of the function; Index is its position in
	// ssa.Function.Params (the receiver, if any, is 0).
	RootParam RootKind = iota + 1
	// RootFreeVar: a variable captured by a function literal; Index is its
	// position in ssa.Function.FreeVars.
	RootFreeVar
	// RootGlobal: a package-level variable; Name is "pkg/path.name".
	RootGlobal
	// RootLocal: a local variable whose address is taken (an ssa.Alloc).
	RootLocal
	// RootValue: any other SSA value (a φ of different paths, the result of
	// a dynamic call, ...). Two operations match only if they use the very
	// same value.
	RootValue
	// RootCall: the result of a static call, identified by callee and
	// argument paths, so that two calls of the same getter on the same
	// receiver ("s.lock().Lock() ... s.lock().Unlock()") name one lock.
	RootCall
)

// StepKind is one step of an access path.
type StepKind uint8

const (
	StepField StepKind = iota + 1 // select struct field Field (Name is its name)
	StepDeref                     // load through a pointer
	StepIndex                     // an element of an array, slice or map; Name is the constant index, or the SSA name of a variable one
)

// Step is one selection along an access path. Its fields are exported so
// that summaries holding paths are gob-encodable facts.
type Step struct {
	Kind  StepKind
	Field int    // StepField: the field's index in its struct
	Name  string // StepField: field name; StepIndex: index text
	// VarIndex marks a StepIndex whose index is a variable: such a step
	// identifies an element only within one function and is never exported.
	VarIndex bool
}

// Path is the canonical access path of a lock: the root it is reached from
// and the selections applied to it. Paths are interned per function, so two
// operations on the same lock share one *Path.
type Path struct {
	Kind  RootKind
	Index int    // RootParam, RootFreeVar
	Name  string // RootGlobal: "pkg/path.name"; otherwise the root's display name
	Steps []Step
	// Value is the SSA value the path is rooted at, for RootLocal,
	// RootValue and RootCall; nil otherwise.
	Value ssa.Value
	// RootType is the type of the root value, used to recover the types
	// along the path (for Class).
	RootType types.Type

	key     string
	display string // how to print the root ("s", "mu", "pkg.global", "x.get()")
}

// Key is the path's canonical identity within one function.
func (p *Path) Key() string { return p.key }

// Exportable reports whether the path means the same lock in any caller of
// the function: it starts at a parameter or a global and selects only
// fields, dereferences and constant indices.
func (p *Path) Exportable() bool {
	if p.Kind != RootParam && p.Kind != RootGlobal {
		return false
	}
	for _, s := range p.Steps {
		if s.VarIndex {
			return false
		}
	}
	return true
}

// String renders the path as Go source would spell it: "s.mu", "c.Mutex",
// "shards[i].mu", "pkg.mu". Dereferences are implicit in selectors.
func (p *Path) String() string {
	var sb strings.Builder
	sb.WriteString(p.display)
	writeSteps(&sb, p.Steps)
	return sb.String()
}

func writeSteps(sb *strings.Builder, steps []Step) {
	for _, s := range steps {
		switch s.Kind {
		case StepField:
			sb.WriteByte('.')
			sb.WriteString(s.Name)
		case StepIndex:
			sb.WriteByte('[')
			sb.WriteString(s.Name)
			sb.WriteByte(']')
		}
	}
}

// Class is the type-relative identity of the lock, for checks that compare
// locks across functions: "(example.com/p.Server).mu" for a field of a
// named struct (whatever variable it is reached through), "example.com/p.mu"
// for a global. It is "" when the path ends in no named struct's field.
func (p *Path) Class() string {
	if p.Kind == RootGlobal && len(p.Steps) == 0 {
		return p.Name
	}
	last := -1
	for i, s := range p.Steps {
		if s.Kind == StepField {
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	t := p.RootType
	for _, s := range p.Steps[:last] {
		t = stepType(t, s)
		if t == nil {
			return ""
		}
	}
	st := structOf(t)
	if st == nil {
		return ""
	}
	n, ok := types.Unalias(derefType(t)).(*types.Named)
	if !ok {
		return ""
	}
	return "(" + types.TypeString(n.Origin(), nil) + ")." + p.Steps[last].Name
}

// QualifiedClass is Class with the chain of named-struct fields that
// leads to it, outermost first and separated by "|", as far back as the
// path is a chain of fields holding the struct by value (not through a
// pointer): c.in.Mutex with c a *tls.Conn is
// "(crypto/tls.Conn).in|(crypto/tls.halfConn).Mutex", while Class says
// only "(crypto/tls.halfConn).Mutex". It tells apart two fields of one type
// in one object (c.in and c.out); see ClassesMayAlias. For a global without
// steps it is the global's name; "" when Class is "".
func (p *Path) QualifiedClass() string {
	if p.Kind == RootGlobal && len(p.Steps) == 0 {
		return p.Name
	}
	return QualifiedClass(p.RootType, p.Steps)
}

// QualifiedClass computes Path.QualifiedClass for a path given by its root
// type and steps (for locations that are not lockset paths).
func QualifiedClass(root types.Type, steps []Step) string {
	last := -1
	for i, s := range steps {
		if s.Kind == StepField {
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	// types[i] is the type a step i applies to.
	typs := make([]types.Type, last+1)
	t := root
	for i := 0; i <= last; i++ {
		if t == nil {
			return ""
		}
		typs[i] = t
		t = stepType(t, steps[i])
	}
	var segs []string
	for i := last; i >= 0; {
		n, ok := types.Unalias(derefType(typs[i])).(*types.Named)
		if !ok || structOf(typs[i]) == nil {
			break
		}
		segs = append(segs, "("+types.TypeString(n.Origin(), nil)+")."+steps[i].Name)
		// The enclosing field names the lock only when the struct is
		// inside it by value: c.in.mu is a part of c, but w.conn.mu,
		// through the pointer w.conn, is the mu of whatever conn that
		// points to, which any other pointer may reach too.
		if _, ptr := types.Unalias(typs[i]).Underlying().(*types.Pointer); ptr {
			break
		}
		i--
		if i < 0 || steps[i].Kind != StepField {
			break
		}
	}
	slices.Reverse(segs)
	return strings.Join(segs, "|")
}

// ClassesMayAlias reports whether two qualified classes may name the same
// lock: they are equal, or one is the other with enclosing fields added
// ("(p.halfConn).Mutex", seen from a halfConn method, may be c.in's or
// c.out's; "(p.Conn).in|(p.halfConn).Mutex" is never
// "(p.Conn).out|(p.halfConn).Mutex").
func ClassesMayAlias(a, b string) bool {
	return a == b || strings.HasSuffix(a, "|"+b) || strings.HasSuffix(b, "|"+a)
}

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func structOf(t types.Type) *types.Struct {
	if t == nil {
		return nil
	}
	st, _ := derefType(t).Underlying().(*types.Struct)
	return st
}

// stepType returns the type reached by applying s to a value of type t (for
// StepField, t may be a struct or a pointer to one), or nil.
func stepType(t types.Type, s Step) types.Type {
	if t == nil {
		return nil
	}
	switch s.Kind {
	case StepField:
		st := structOf(t)
		if st == nil || s.Field < 0 || s.Field >= st.NumFields() {
			return nil
		}
		return st.Field(s.Field).Type()
	case StepDeref:
		if p, ok := t.Underlying().(*types.Pointer); ok {
			return p.Elem()
		}
	case StepIndex:
		switch u := t.Underlying().(type) {
		case *types.Slice:
			return u.Elem()
		case *types.Array:
			return u.Elem()
		case *types.Map:
			return u.Elem()
		case *types.Pointer:
			if a, ok := u.Elem().Underlying().(*types.Array); ok {
				return a.Elem()
			}
		}
	}
	return nil
}

// maxSteps bounds path length: deeper selections are treated as opaque
// values, which keeps keys short and recursion through φ-nodes bounded.
const maxSteps = 12

// maxPathWork bounds the values visited while computing one function's
// paths: φ-nodes are resolved without memoization (a cycle cut short must
// not be remembered as opaque), which could otherwise revisit a web of
// φ-nodes many times.
const maxPathWork = 1 << 16

// pathBuilder computes and interns the access paths of one function.
type pathBuilder struct {
	fn     *ssa.Function
	pkg    *types.Package // the analyzed package, for global display names
	byKey  map[string]*Path
	memo   map[ssa.Value]*Path
	active map[ssa.Value]bool // φ-nodes being resolved (cycle guard)
	budget int                // remaining compute steps (bounds φ-webs)
	spills map[*ssa.Alloc]*ssa.Parameter
}

func newPathBuilder(fn *ssa.Function, pkg *types.Package) *pathBuilder {
	return &pathBuilder{fn: fn, pkg: pkg, byKey: map[string]*Path{}, memo: map[ssa.Value]*Path{}, active: map[ssa.Value]bool{}, budget: maxPathWork, spills: map[*ssa.Alloc]*ssa.Parameter{}}
}

// intern returns the canonical *Path for p's key.
func (b *pathBuilder) intern(p *Path) *Path {
	if q, ok := b.byKey[p.key]; ok {
		return q
	}
	b.byKey[p.key] = p
	return p
}

func (b *pathBuilder) root(kind RootKind, index int, name, display string, v ssa.Value, t types.Type, key string) *Path {
	return b.intern(&Path{Kind: kind, Index: index, Name: name, Value: v, RootType: t, key: key, display: display})
}

// extend returns base with steps appended.
func (b *pathBuilder) extend(base *Path, steps ...Step) *Path {
	if base == nil {
		return nil
	}
	if len(base.Steps)+len(steps) > maxSteps {
		return nil
	}
	var sb strings.Builder
	sb.WriteString(base.key)
	for _, s := range steps {
		switch s.Kind {
		case StepField:
			sb.WriteString(".")
			sb.WriteString(strconv.Itoa(s.Field))
		case StepDeref:
			sb.WriteString("*")
		case StepIndex:
			sb.WriteString("[")
			if s.VarIndex {
				sb.WriteString("$")
			}
			sb.WriteString(s.Name)
			sb.WriteString("]")
		}
	}
	// A parameter spilled to a variable because a closure captures it
	// (and never reassigned) is the parameter: *spill.f is param.f.
	if base.Kind == RootLocal && len(base.Steps) == 0 && len(steps) > 0 && steps[0].Kind == StepDeref {
		if a, ok := base.Value.(*ssa.Alloc); ok {
			if param := b.spilledParam(a); param != nil {
				return b.extend(b.pathOf(param), steps[1:]...)
			}
		}
	}
	if len(steps) == 0 {
		return base
	}
	p := *base
	p.Steps = append(append([]Step(nil), base.Steps...), steps...)
	p.key = sb.String()
	return b.intern(&p)
}

// spilledParam returns the parameter a is a spill of: a local variable
// whose only store is the parameter's value in the entry block, and which
// neither this function nor the closures capturing it store to again. SSA
// spills a parameter this way when a closure captures it.
func (b *pathBuilder) spilledParam(a *ssa.Alloc) *ssa.Parameter {
	if p, ok := b.spills[a]; ok {
		return p
	}
	var param *ssa.Parameter
	if refs := a.Referrers(); refs != nil {
		stores := 0
		ok := true
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != a {
					ok = false // the variable's address is stored elsewhere
					break
				}
				stores++
				if p, isParam := r.Val.(*ssa.Parameter); isParam && r.Block() == b.fn.Blocks[0] {
					param = p
				}
			case *ssa.UnOp:
				if r.Op != token.MUL {
					ok = false
				}
			case *ssa.MakeClosure:
				for i, bound := range r.Bindings {
					if bound == a && !readOnlyFreeVar(r.Fn.(*ssa.Function), i, 0) {
						ok = false
					}
				}
			case *ssa.DebugRef:
			default:
				ok = false
			}
		}
		if !ok || stores != 1 {
			param = nil
		}
	}
	b.spills[a] = param
	return param
}

// readOnlyFreeVar reports whether the literal fn only loads through its
// i-th free variable (a captured variable's address), passing it on only to
// literals that do the same.
func readOnlyFreeVar(fn *ssa.Function, i, depth int) bool {
	if depth > 4 || i >= len(fn.FreeVars) {
		return false
	}
	fv := fn.FreeVars[i]
	refs := fv.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.MakeClosure:
			for j, bound := range r.Bindings {
				if bound == fv && !readOnlyFreeVar(r.Fn.(*ssa.Function), j, depth+1) {
					return false
				}
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// opaque roots a path at v itself.
func (b *pathBuilder) opaque(v ssa.Value) *Path {
	return b.root(RootValue, 0, "", valueDisplay(v), v, v.Type(), "v:"+v.Name())
}

// pathOf returns the canonical path of the address or pointer value v.
// It never returns nil: values it cannot decompose are opaque roots.
func (b *pathBuilder) pathOf(v ssa.Value) *Path {
	if p, ok := b.memo[v]; ok {
		return p
	}
	p := b.compute(v)
	if p == nil {
		p = b.opaque(v)
	}
	b.memo[v] = p
	return p
}

func (b *pathBuilder) compute(v ssa.Value) *Path {
	if b.budget--; b.budget < 0 {
		return nil
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range b.fn.Params {
			if p == v {
				return b.root(RootParam, i, v.Name(), v.Name(), nil, v.Type(), "p"+strconv.Itoa(i))
			}
		}
	case *ssa.FreeVar:
		for i, fv := range b.fn.FreeVars {
			if fv == v {
				return b.root(RootFreeVar, i, v.Name(), v.Name(), nil, v.Type(), "f"+strconv.Itoa(i))
			}
		}
	case *ssa.Global:
		name := v.Name()
		if v.Pkg != nil {
			name = v.Pkg.Pkg.Path() + "." + v.Name()
		}
		return b.root(RootGlobal, 0, name, globalDisplay(v, b.pkg), nil, v.Type(), "g:"+name)
	case *ssa.Alloc:
		return b.root(RootLocal, 0, "", allocDisplay(v), v, v.Type(), "l:"+v.Name())
	case *ssa.FieldAddr:
		return b.extend(b.pathOf(v.X), fieldStep(v.X.Type(), v.Field))
	case *ssa.Field:
		return b.extend(b.pathOf(v.X), fieldStep(v.X.Type(), v.Field))
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return b.extend(b.pathOf(v.X), Step{Kind: StepDeref})
		}
	case *ssa.IndexAddr:
		return b.extend(b.pathOf(v.X), indexStep(v.Index))
	case *ssa.Index:
		return b.extend(b.pathOf(v.X), indexStep(v.Index))
	case *ssa.Lookup:
		if !v.CommaOk {
			return b.extend(b.pathOf(v.X), indexStep(v.Index))
		}
	case *ssa.ChangeType:
		return b.pathOf(v.X)
	case *ssa.MakeInterface:
		// A sync.Locker made from &mu is mu.
		return b.pathOf(v.X)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return b.pathOf(v.X)
		}
	case *ssa.Phi:
		return b.phi(v)
	case *ssa.Call:
		return b.call(v)
	}
	return nil
}

// phi resolves a φ-node whose incoming values all have one path (for
// example a pointer reloaded on each loop iteration); otherwise it is opaque.
func (b *pathBuilder) phi(v *ssa.Phi) *Path {
	if b.active[v] {
		return nil
	}
	b.active[v] = true
	defer delete(b.active, v)
	var same *Path
	for _, e := range v.Edges {
		if e == v {
			continue
		}
		if inner, ok := e.(*ssa.Phi); ok && b.active[inner] {
			continue // part of the same cycle of φ-nodes
		}
		p := b.compute(e)
		if p == nil {
			return nil
		}
		if same != nil && same != p {
			return nil
		}
		same = p
	}
	return same
}

// call names the result of a static call by callee and arguments. Getters
// are assumed to return the same lock for the same arguments.
func (b *pathBuilder) call(v *ssa.Call) *Path {
	c := v.Common()
	if _, ok := v.Type().Underlying().(*types.Pointer); !ok {
		if _, ok := v.Type().Underlying().(*types.Interface); !ok {
			return nil
		}
	}
	var callee, disp string
	var args []ssa.Value
	if c.IsInvoke() {
		callee = c.Method.FullName()
		args = append([]ssa.Value{c.Value}, c.Args...)
		disp = c.Method.Name()
	} else if f := c.StaticCallee(); f != nil {
		callee = f.String()
		args = c.Args
		disp = f.Name()
	} else {
		return nil
	}
	var key strings.Builder
	key.WriteString("c:")
	key.WriteString(callee)
	key.WriteString("(")
	var argsDisp []string
	for i, a := range args {
		if i > 0 {
			key.WriteString(",")
		}
		if k, ok := a.(*ssa.Const); ok {
			key.WriteString(k.String())
			argsDisp = append(argsDisp, constDisplay(k))
			continue
		}
		p := b.pathOf(a)
		if p.Kind == RootCall && strings.Count(p.key, "c:") > 2 {
			return nil // nested getters: give up rather than build huge keys
		}
		key.WriteString(p.key)
		argsDisp = append(argsDisp, p.String())
	}
	key.WriteString(")")
	var d string
	if c.IsInvoke() || (c.Signature().Recv() != nil && len(argsDisp) > 0) {
		d = argsDisp[0] + "." + disp + "(" + strings.Join(argsDisp[1:], ", ") + ")"
	} else {
		d = disp + "(" + strings.Join(argsDisp, ", ") + ")"
	}
	return b.root(RootCall, 0, callee, d, v, v.Type(), key.String())
}

func fieldStep(t types.Type, i int) Step {
	s := Step{Kind: StepField, Field: i, Name: "?"}
	if st := structOf(t); st != nil && i < st.NumFields() {
		s.Name = st.Field(i).Name()
	}
	return s
}

func indexStep(idx ssa.Value) Step {
	if k, ok := idx.(*ssa.Const); ok {
		return Step{Kind: StepIndex, Name: constDisplay(k)}
	}
	return Step{Kind: StepIndex, Name: idx.Name(), VarIndex: true}
}

func constDisplay(k *ssa.Const) string {
	if k.Value == nil {
		return "nil"
	}
	if k.Value.Kind() == constant.String {
		return k.Value.ExactString()
	}
	return k.Value.String()
}

func globalDisplay(g *ssa.Global, from *types.Package) string {
	if g.Pkg == nil || g.Pkg.Pkg == from {
		return g.Name()
	}
	return g.Pkg.Pkg.Name() + "." + g.Name()
}

// allocDisplay names a local variable by its declared name when SSA kept
// it (the Comment of an Alloc for a named variable is that name).
func allocDisplay(a *ssa.Alloc) string {
	if token.IsIdentifier(a.Comment) && a.Comment != "new" && a.Comment != "complit" && a.Comment != "varargs" && a.Comment != "slicelit" {
		return a.Comment
	}
	return "new(" + types.TypeString(derefType(a.Type()), (*types.Package).Name) + ")"
}

func valueDisplay(v ssa.Value) string {
	if n := v.Name(); token.IsIdentifier(n) && !isTemp(n) {
		return n
	}
	return "(" + types.TypeString(v.Type(), (*types.Package).Name) + " value)"
}

// isTemp reports whether n is an SSA temporary name like "t12".
func isTemp(n string) bool {
	if len(n) < 2 || n[0] != 't' {
		return false
	}
	for _, r := range n[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
