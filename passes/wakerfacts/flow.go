package wakerfacts

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/asyncapi"
)

// EventKind says how a tracked waker is made to outlive the call or is used
// up on a path.
type EventKind int

const (
	// Stored: the waker (or a Context, slice, map, struct or closure
	// holding it) was written to a field, a package variable, a map, a
	// slice element, a channel, or through a pointer the function did not
	// allocate.
	Stored EventKind = iota
	// Woken: Wake was called on it (a self-wake, i.e. a yield), directly or
	// deferred.
	Woken
	// Kept: it was passed to a function whose fact (or, in this package,
	// whose body) says it keeps or wakes it.
	Kept
	// Escaped: it was handed to code the analysis cannot see — a goroutine,
	// a function value, an interface method, an imported function without
	// a fact for that parameter. Assumed to register, so that unknown code
	// never causes a report.
	Escaped
)

func (k EventKind) verb() string {
	switch k {
	case Stored:
		return "stores"
	case Woken:
		return "wakes"
	case Kept:
		return "keeps"
	}
	return "escapes"
}

// Event is one instruction at which a tracked waker is kept, woken or lost
// from sight.
type Event struct {
	Instr ssa.Instruction
	Kind  EventKind
	// Field is the struct field (its origin, for generic types) the waker
	// was stored into, directly or inside a slice, map or channel held by
	// the field; nil when the destination is not a field.
	Field *types.Var
	// What describes the event for messages: "stored in field waker".
	What string
}

// Flow is what Trace learned about the values carrying a waker in one
// function.
type Flow struct {
	Fn     *ssa.Function
	Events []Event
	// Polls are the calls that poll a child future or stream with a
	// tracked Context: calls returning an asyncrt.Poll that receive it as
	// an argument (Poll and PollNext methods, static, through interfaces
	// and type parameters, and poll helpers).
	Polls []*ssa.Call
	// Returns reports whether a carrying value is returned.
	Returns bool

	carried map[ssa.Value]bool
}

// Carries reports whether v holds a tracked waker (or a Context, container
// or closure holding one) on some path.
func (f *Flow) Carries(v ssa.Value) bool { return f.carried[v] }

// Trace follows the values derived from roots (parameters, free variables
// or calls of fn holding a *asyncrt.Waker or *asyncrt.Context) through
// fn's SSA form and records where the waker is kept, woken, escapes or is
// used to poll a child.
//
// The tracking is a may-analysis over values, not paths: a value derived
// from a carrying value (a copy, a phi, a field or element of it, a
// conversion, the Context's Waker(), a local struct, slice or map it was
// put in, a closure capturing it) carries too. The path question — was the
// waker registered on THIS path — is answered by the caller with the
// events' blocks.
func (r *Result) Trace(fn *ssa.Function, roots ...ssa.Value) *Flow {
	t := &tracer{r: r, flow: &Flow{Fn: fn, carried: make(map[ssa.Value]bool)}}
	for _, v := range roots {
		t.add(v)
	}
	for len(t.work) > 0 {
		v := t.work[len(t.work)-1]
		t.work = t.work[:len(t.work)-1]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, instr := range *refs {
			t.use(v, instr)
		}
	}
	return t.flow
}

type tracer struct {
	r    *Result
	flow *Flow
	work []ssa.Value
	seen map[ssa.Instruction]bool // instructions that already produced an event or poll
}

func (t *tracer) add(v ssa.Value) {
	if v == nil || t.flow.carried[v] {
		return
	}
	t.flow.carried[v] = true
	t.work = append(t.work, v)
}

func (t *tracer) event(instr ssa.Instruction, kind EventKind, field *types.Var, what string) {
	if t.seen == nil {
		t.seen = make(map[ssa.Instruction]bool)
	}
	if t.seen[instr] {
		return
	}
	t.seen[instr] = true
	t.flow.Events = append(t.flow.Events, Event{Instr: instr, Kind: kind, Field: field, What: what})
}

func (t *tracer) poll(call *ssa.Call) {
	if t.seen == nil {
		t.seen = make(map[ssa.Instruction]bool)
	}
	if t.seen[call] {
		return
	}
	t.seen[call] = true
	t.flow.Polls = append(t.flow.Polls, call)
}

// use records what instr does with the carrying value v.
func (t *tracer) use(v ssa.Value, instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.Call:
		t.call(v, in, &in.Call, in)
	case *ssa.Defer:
		// A deferred call runs before the function returns, so on every
		// path through the defer statement it happens before the return.
		t.call(v, in, &in.Call, nil)
	case *ssa.Go:
		t.event(in, Escaped, nil, "handed to a goroutine")
	case *ssa.Store:
		if in.Val == v && !borrowedContext(v) {
			t.store(in, in.Addr)
		}
	case *ssa.MapUpdate:
		if (in.Key == v || in.Value == v) && !borrowedContext(v) {
			if mm, ok := in.Map.(*ssa.MakeMap); ok {
				t.add(mm) // a map this call made: it carries until it goes somewhere
			} else {
				t.event(in, Stored, fieldOf(in.Map), "stored in a map")
			}
		}
	case *ssa.Send:
		if in.X == v && !borrowedContext(v) {
			t.event(in, Stored, fieldOf(in.Chan), "sent on a channel")
		}
	case *ssa.Select:
		for _, st := range in.States {
			if st.Send == v {
				t.event(in, Stored, fieldOf(st.Chan), "sent on a channel")
			}
		}
	case *ssa.MakeClosure:
		for _, b := range in.Bindings {
			if b == v {
				t.add(in)
			}
		}
	case *ssa.Return:
		t.flow.Returns = true
	case *ssa.UnOp:
		// Loading through a carrying pointer or receiving from a carrying
		// channel yields a carrying value; arithmetic does not.
		if in.Op == token.MUL || in.Op == token.ARROW {
			t.add(in)
		}
	case *ssa.Phi, *ssa.ChangeType, *ssa.Convert, *ssa.ChangeInterface,
		*ssa.MakeInterface, *ssa.SliceToArrayPointer, *ssa.MultiConvert,
		*ssa.Extract, *ssa.Range, *ssa.Next, *ssa.Field, *ssa.FieldAddr:
		t.add(instr.(ssa.Value))
	case *ssa.TypeAssert:
		if in.X == v {
			t.add(in)
		}
	case *ssa.Slice:
		if in.X == v {
			t.add(in)
		}
	case *ssa.Index:
		if in.X == v {
			t.add(in)
		}
	case *ssa.IndexAddr:
		if in.X == v {
			t.add(in)
		}
	case *ssa.Lookup:
		if in.X == v {
			t.add(in)
		}
	}
	// BinOp (comparisons), If, Panic, DebugRef and the rest neither keep
	// nor wake the waker.
}

// store handles v written to addr.
func (t *tracer) store(instr ssa.Instruction, addr ssa.Value) {
	if root := localRoot(addr); root != nil {
		// Written into a struct, array or slice this function allocated:
		// that value carries now, and what happens to it decides.
		t.add(root)
		return
	}
	t.event(instr, Stored, fieldOf(addr), describeAddr(addr))
}

// call handles a call (or deferred call) in which v is the callee value, the
// receiver or an argument. result is the call's value (nil for defer).
func (t *tracer) call(v ssa.Value, instr ssa.Instruction, common *ssa.CallCommon, result *ssa.Call) {
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "append":
			if result != nil {
				t.add(result)
			}
		case "copy":
			if len(common.Args) == 2 && common.Args[1] == v {
				t.store(instr, common.Args[0])
			}
		}
		return
	}
	if common.IsInvoke() {
		if result != nil && isPollCall(result, v) {
			t.poll(result)
			return
		}
		if common.Value == v && common.Method.Name() == "Wake" {
			t.event(instr, Woken, nil, "woken")
			return
		}
		t.event(instr, Escaped, nil, "passed to interface method "+common.Method.Name())
		return
	}
	if common.Value == v {
		// v is a function value being called: a closure capturing the
		// waker, or a bound method value such as cx.Waker().Wake.
		if mc, ok := v.(*ssa.MakeClosure); ok {
			t.closureCall(instr, mc, result)
		} else {
			t.event(instr, Escaped, nil, "captured by a function value that is called")
		}
	}
	callee := common.StaticCallee()
	for i, arg := range common.Args {
		if arg != v {
			continue
		}
		if callee == nil {
			t.event(instr, Escaped, nil, "passed to a function value")
			continue
		}
		t.staticCall(instr, callee, i, v, result)
	}
}

// closureCall handles calling the closure mc, some of whose bindings carry.
func (t *tracer) closureCall(instr ssa.Instruction, mc *ssa.MakeClosure, result *ssa.Call) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return
	}
	for i, b := range mc.Bindings {
		if !t.flow.carried[b] || i >= len(fn.FreeVars) {
			continue
		}
		if isBound(fn) {
			if m, ok := fn.Object().(*types.Func); ok {
				t.method(instr, m, 0, b, result)
			}
			continue
		}
		t.apply(instr, "a closure", t.r.summary(fn.FreeVars[i]), result)
	}
}

// staticCall handles v passed as argument i of a call to callee.
func (t *tracer) staticCall(instr ssa.Instruction, callee *ssa.Function, i int, v ssa.Value, result *ssa.Call) {
	if result != nil && isPollCall(result, v) {
		t.poll(result)
		return
	}
	obj, _ := callee.Object().(*types.Func)
	if obj != nil && t.method(instr, obj, i, v, result) {
		return
	}
	if body := t.r.body(callee); body != nil {
		if i < len(body.Params) {
			t.apply(instr, body.Name(), t.r.summary(body.Params[i]), result)
		}
		return
	}
	if obj == nil || obj.Pkg() == t.r.pass.Pkg {
		// A wrapper, or a function of this package without a body.
		t.event(instr, Escaped, nil, "passed to "+callee.Name())
		return
	}
	obj = obj.Origin()
	keeps := t.r.KeepsFact(obj)
	if keeps.Has(i) {
		t.event(instr, Kept, nil, "passed to "+obj.Name()+", which keeps it")
	}
	if t.r.ReturnsFact(obj).Has(i) && result != nil {
		t.add(result)
	}
	if keeps.Has(i) || trackedParam(obj, i) || benign(obj) {
		// A parameter typed *Waker or *Context has a fact when the
		// function keeps it; no fact means it does not.
		return
	}
	t.event(instr, Escaped, nil, "passed to "+obj.Name())
}

// method handles the asyncrt methods and functions whose meaning is known by
// name (their bodies wake through a func field or a scheduler call the
// tracking cannot follow). It reports whether it handled the call.
func (t *tracer) method(instr ssa.Instruction, obj *types.Func, i int, v ssa.Value, result *ssa.Call) bool {
	switch {
	case asyncapi.IsMethod(obj, "Waker", "Wake"):
		if i == 0 {
			t.event(instr, Woken, nil, "woken")
		}
		return true
	case asyncapi.IsMethod(obj, "Waker", "WillWake"):
		return true // a comparison
	case asyncapi.IsMethod(obj, "Context", "Waker"), asyncapi.IsFunc(obj, "NewContext"):
		if result != nil {
			t.add(result)
		}
		return true
	}
	return false
}

// apply records the effect of a same-package callee's summary for one
// carrying argument or free variable.
func (t *tracer) apply(instr ssa.Instruction, name string, s *summary, result *ssa.Call) {
	if s.keeps {
		t.event(instr, Kept, nil, "passed to "+name+", which "+s.how+" it")
	}
	if s.returns && result != nil {
		t.add(result)
	}
}

// borrowedContext reports whether v is a *asyncrt.Context the future was
// polled with (not one it made with NewContext). Such a Context is
// borrowed for the poll: a worker reuses it for the next task, so keeping
// it keeps no waker; only cx.Waker() may be kept.
func borrowedContext(v ssa.Value) bool {
	if !asyncapi.IsContext(v.Type()) {
		return false
	}
	if call, ok := v.(*ssa.Call); ok {
		if fn, _ := asyncapi.Callee(&call.Call); asyncapi.IsFunc(fn, "NewContext") {
			return false
		}
	}
	return true
}

// isPollCall reports whether call polls a child with the carrying Context
// v: a call returning asyncrt.Poll[T] with v as an argument.
func isPollCall(call *ssa.Call, v ssa.Value) bool {
	if !asyncapi.IsContext(v.Type()) {
		return false
	}
	_, ok := asyncapi.PollResult(call.Type())
	return ok
}

// isBound reports whether fn is the synthetic wrapper go/ssa makes for a
// method value (x.M): its only free variable is the receiver.
func isBound(fn *ssa.Function) bool {
	return fn.Synthetic != "" && strings.HasSuffix(fn.Name(), "$bound") && len(fn.FreeVars) == 1
}

// trackedParam reports whether parameter i (receiver first) of fn is a
// *asyncrt.Waker or *asyncrt.Context: the parameters facts are computed
// for.
func trackedParam(fn *types.Func, i int) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	if sig.Recv() != nil {
		if i == 0 {
			return tracked(sig.Recv().Type())
		}
		i--
	}
	if i < 0 || i >= sig.Params().Len() {
		return false
	}
	return tracked(sig.Params().At(i).Type())
}

func tracked(t types.Type) bool { return asyncapi.IsWaker(t) || asyncapi.IsContext(t) }

// benign reports whether fn is known not to keep its arguments: printing
// and logging a waker does not register it.
func benign(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "fmt", "log", "log/slog", "errors":
		return true
	}
	return false
}

// localRoot returns the allocation addr points into when this function
// made it (a local variable, a composite literal, make([]T, n)); nil when
// the memory may be seen by others (a parameter, a global, a loaded
// pointer, a captured variable).
func localRoot(addr ssa.Value) ssa.Value {
	for i := 0; i < 32; i++ {
		switch a := addr.(type) {
		case *ssa.FieldAddr:
			addr = a.X
		case *ssa.IndexAddr:
			addr = a.X
		case *ssa.Slice:
			addr = a.X
		case *ssa.Alloc, *ssa.MakeSlice:
			return a
		default:
			return nil
		}
	}
	return nil
}

// fieldOf returns the struct field (origin) that v addresses, or whose
// content v is (a slice, map or channel loaded from a field), or nil.
func fieldOf(v ssa.Value) *types.Var {
	for i := 0; i < 32; i++ {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			return structField(x.X.Type(), x.Field, true)
		case *ssa.Field:
			return structField(x.X.Type(), x.Field, false)
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			v = x.X
		case *ssa.IndexAddr:
			v = x.X
		case *ssa.Slice:
			v = x.X
		default:
			return nil
		}
	}
	return nil
}

// structField returns field i (its origin) of the struct t points to (ptr)
// or is.
func structField(t types.Type, i int, ptr bool) *types.Var {
	if ptr {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			return nil
		}
		t = p.Elem()
	}
	s, ok := t.Underlying().(*types.Struct)
	if !ok || i < 0 || i >= s.NumFields() {
		return nil
	}
	return s.Field(i).Origin()
}

// FieldOf is fieldOf for the checks: the struct field (origin) addressed by
// addr, or holding the container addr loads from.
func FieldOf(addr ssa.Value) *types.Var { return fieldOf(addr) }

func describeAddr(addr ssa.Value) string {
	if f := fieldOf(addr); f != nil {
		if _, ok := addr.(*ssa.FieldAddr); ok {
			return "stored in field " + f.Name()
		}
		return "stored in an element of field " + f.Name()
	}
	switch a := addr.(type) {
	case *ssa.Global:
		return "stored in package variable " + a.Name()
	case *ssa.IndexAddr:
		return "stored in a slice element"
	case *ssa.FreeVar:
		return "stored in captured variable " + a.Name()
	}
	return "stored through a pointer"
}
