package lockset

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/settings"
)

// Mode is the side of a lock an operation takes: the whole lock (Lock) or
// the read side of a RWMutex (RLock).
type Mode uint8

const (
	Exclusive Mode = iota // Lock / Unlock / TryLock
	Shared                // RLock / RUnlock / TryRLock
)

func (m Mode) String() string {
	if m == Shared {
		return "read"
	}
	return "write"
}

// OpKind is what a lock operation does.
type OpKind uint8

const (
	Acquire    OpKind = iota + 1 // Lock, RLock, or a helper that returns holding the lock
	Release                      // Unlock, RUnlock, or a helper that releases the caller's lock
	TryAcquire                   // TryLock, TryRLock: held only where the result is known true
	// MayRelease: a call that releases the lock or not, as
	// once.Do(mu.Unlock) (Do runs its function only the first time):
	// afterwards the lock is held on some paths only; deferred, it
	// releases at return either way.
	MayRelease
)

func (k OpKind) String() string {
	switch k {
	case Acquire:
		return "acquire"
	case Release:
		return "release"
	case TryAcquire:
		return "try-acquire"
	case MayRelease:
		return "may-release"
	}
	return "OpKind(?)"
}

// Op is one lock operation performed by an instruction.
type Op struct {
	Kind OpKind
	Lock *Lock
	// Call is the instruction: a call of the lock's method, or of a helper
	// whose summary performs the operation, or a defer of either.
	Call ssa.CallInstruction
	// Deferred: the operation was registered by a defer statement and takes
	// effect when the function returns (at ssa.RunDefers).
	Deferred bool
	// Via is the helper whose summary says it performs the operation, or
	// nil for a direct call of the lock's method.
	Via *ssa.Function
}

// lockMethod reports whether fn is a lock method: Lock, Unlock, RLock,
// RUnlock, TryLock or TryRLock of sync.Mutex, sync.RWMutex, a type listed in
// settings.LockTypes, or an interface (or type parameter) that has both
// Lock() and Unlock().
func lockMethod(fn *types.Func) (OpKind, Mode, bool) {
	if fn == nil {
		return 0, 0, false
	}
	var kind OpKind
	var mode Mode
	switch fn.Name() {
	case "Lock":
		kind, mode = Acquire, Exclusive
	case "Unlock":
		kind, mode = Release, Exclusive
	case "RLock":
		kind, mode = Acquire, Shared
	case "RUnlock":
		kind, mode = Release, Shared
	case "TryLock":
		kind, mode = TryAcquire, Exclusive
	case "TryRLock":
		kind, mode = TryAcquire, Shared
	default:
		return 0, 0, false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return 0, 0, false
	}
	recv := sig.Recv().Type()
	if types.IsInterface(recv) {
		if !isLockerShaped(recv) {
			return 0, 0, false
		}
		return kind, mode, true
	}
	n, ok := types.Unalias(derefType(recv)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return 0, 0, false
	}
	if !IsLockType(n) {
		return 0, 0, false
	}
	return kind, mode, true
}

// IsLockType reports whether the named type is a lock the analysis tracks:
// sync.Mutex, sync.RWMutex, or a type listed in the settings' LockTypes.
func IsLockType(n *types.Named) bool {
	obj := n.Obj()
	if obj.Pkg() == nil {
		return false
	}
	if obj.Pkg().Path() == "sync" && (obj.Name() == "Mutex" || obj.Name() == "RWMutex") {
		return true
	}
	return settings.Current().IsLockType(obj.Pkg().Path() + "." + obj.Name())
}

// isLockerShaped reports whether t (an interface or type parameter) has the
// methods Lock() and Unlock(), as sync.Locker does.
func isLockerShaped(t types.Type) bool {
	for _, name := range []string{"Lock", "Unlock"} {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			return false
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() != 0 || sig.Results().Len() != 0 {
			return false
		}
	}
	return true
}

// isBound reports whether f is a bound-method wrapper (the function of a
// method value x.m): its receiver arrives as its only free variable.
func isBound(f *ssa.Function) bool {
	return f.Synthetic != "" && strings.HasPrefix(f.Synthetic, "bound method wrapper") && len(f.FreeVars) == 1
}

// args returns the values a static call passes to the callee's parameters
// (receiver first, for methods) and free variables.
func callArgs(c *ssa.CallCommon, f *ssa.Function) (params, free []ssa.Value) {
	mc, _ := c.Value.(*ssa.MakeClosure)
	if isBound(f) {
		if mc == nil || len(mc.Bindings) != 1 {
			return nil, nil
		}
		return append([]ssa.Value{mc.Bindings[0]}, c.Args...), nil
	}
	if mc != nil {
		free = mc.Bindings
	}
	return c.Args, free
}

// embedSteps returns the implicit field selections (with the loads of
// embedded pointers) that lead from a receiver of type have to the receiver
// the method obj is declared on, as SSA would spell them for x.M() with an
// embedded M. It returns nil, true when no selection is needed, and false
// when it cannot tell.
func embedSteps(have types.Type, obj *types.Func) ([]Step, bool) {
	want := obj.Type().(*types.Signature).Recv().Type()
	if types.Identical(derefType(have), derefType(want)) || types.IsInterface(want) {
		return nil, true
	}
	_, index, _ := types.LookupFieldOrMethod(have, true, obj.Pkg(), obj.Name())
	if len(index) < 2 {
		return nil, false
	}
	var steps []Step
	t := have
	// addr: we hold the address of the current struct (true when starting
	// from a pointer), so SSA selects with FieldAddr and must load an
	// embedded pointer; from a struct value it selects with Field, which
	// yields an embedded pointer directly.
	addr := isPointer(have)
	for _, i := range index[:len(index)-1] {
		st := structOf(t)
		if st == nil || i >= st.NumFields() {
			return nil, false
		}
		f := st.Field(i)
		steps = append(steps, Step{Kind: StepField, Field: i, Name: f.Name()})
		t = f.Type()
		if isPointer(t) {
			if addr {
				steps = append(steps, Step{Kind: StepDeref})
			}
			addr = true
		}
	}
	return steps, true
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}
