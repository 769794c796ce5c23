// Package asyncapi recognizes the objects of the asyncrt runtime in go/types
// and go/ssa terms: the coroutine handle, futures, streams, and the runtime's
// entry points. Every analysis pass and check asks these questions, so they are
// answered once, here, by package path and name rather than by object
// identity: under `go vet` each package is type-checked separately and the
// asyncrt objects a check sees come from export data, not from one shared
// universe.
package asyncapi

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Path is the import path of the runtime the checks know about.
const Path = "github.com/asynclint/asynclint/asyncrt"

// IsNamed reports whether t (after removing one level of pointer if ptr is
// true) is the asyncrt type with the given name, for any type arguments.
func IsNamed(t types.Type, name string, ptr bool) bool {
	if t == nil {
		return false
	}
	if ptr {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			return false
		}
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == Path
}

// IsCo reports whether t is *asyncrt.Co, the handle of a running coroutine.
func IsCo(t types.Type) bool { return IsNamed(t, "Co", true) }

// IsContext reports whether t is *asyncrt.Context, the argument of Poll.
func IsContext(t types.Type) bool { return IsNamed(t, "Context", true) }

// IsWaker reports whether t is *asyncrt.Waker.
func IsWaker(t types.Type) bool { return IsNamed(t, "Waker", true) }

// IsJoinHandle reports whether t is *asyncrt.JoinHandle[T] for some T, and
// returns T.
func IsJoinHandle(t types.Type) (types.Type, bool) {
	if !IsNamed(t, "JoinHandle", true) {
		return nil, false
	}
	n := types.Unalias(types.Unalias(t).(*types.Pointer).Elem()).(*types.Named)
	if args := n.TypeArgs(); args != nil && args.Len() == 1 {
		return args.At(0), true
	}
	return nil, true
}

// PollResult reports whether t is asyncrt.Poll[T] and returns T.
func PollResult(t types.Type) (types.Type, bool) {
	if !IsNamed(t, "Poll", false) {
		return nil, false
	}
	n := types.Unalias(t).(*types.Named)
	if args := n.TypeArgs(); args != nil && args.Len() == 1 {
		return args.At(0), true
	}
	return nil, false
}

// pollMethod finds the method called name on t whose signature is
// func(*asyncrt.Context) asyncrt.Poll[R], and returns R.
func pollMethod(t types.Type, name string) (types.Type, bool) {
	if t == nil {
		return nil, false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return nil, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 1 || sig.Results().Len() != 1 || !IsContext(sig.Params().At(0).Type()) {
		return nil, false
	}
	return PollResult(sig.Results().At(0).Type())
}

// FutureResult reports whether a value of type t implements
// asyncrt.Future[T] for some T (it has a method Poll(*Context) Poll[T]) and
// returns T. A type parameter whose constraint has such a method counts too.
func FutureResult(t types.Type) (types.Type, bool) {
	return pollMethod(t, "Poll")
}

// StreamItem reports whether a value of type t implements asyncrt.Stream[T]
// (a method PollNext(*Context) Poll[Next[T]]) and returns T.
func StreamItem(t types.Type) (types.Type, bool) {
	r, ok := pollMethod(t, "PollNext")
	if !ok || !IsNamed(r, "Next", false) {
		return nil, false
	}
	args := types.Unalias(r).(*types.Named).TypeArgs()
	if args == nil || args.Len() != 1 {
		return nil, false
	}
	return args.At(0), true
}

// IsPollMethod reports whether fn is a Poll or PollNext method with the
// future/stream signature: a body that runs on an executor worker.
func IsPollMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	switch fn.Name() {
	case "Poll":
		_, ok := FutureResult(sig.Recv().Type())
		return ok
	case "PollNext":
		_, ok := StreamItem(sig.Recv().Type())
		return ok
	}
	return false
}

// CoParam returns the index of the first parameter of sig whose type is
// *asyncrt.Co, or -1.
func CoParam(sig *types.Signature) int {
	if sig == nil {
		return -1
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if IsCo(sig.Params().At(i).Type()) {
			return i
		}
	}
	return -1
}

// IsFunc reports whether fn is the package-level function asyncrt.<name>
// (generic instantiations included) for one of the given names.
func IsFunc(fn *types.Func, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != Path {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	fn = fn.Origin()
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// IsMethod reports whether fn is the method <name> of the asyncrt type
// <recv> (pointer or value receiver, any instantiation).
func IsMethod(fn *types.Func, recv, name string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != Path || fn.Name() != name {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	t := sig.Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == recv
}

// Callee returns the *types.Func statically called by call, if any: a
// package-level function, a concrete method (including generic
// instantiations, reported by their origin), or an interface method (then
// dynamic is true: the concrete callee is unknown).
func Callee(call *ssa.CallCommon) (fn *types.Func, dynamic bool) {
	if call == nil {
		return nil, false
	}
	if call.IsInvoke() {
		return call.Method, true
	}
	if f := call.StaticCallee(); f != nil {
		if obj, ok := f.Object().(*types.Func); ok {
			return obj.Origin(), false
		}
		if o := f.Origin(); o != nil {
			if obj, ok := o.Object().(*types.Func); ok {
				return obj, false
			}
		}
	}
	return nil, false
}

// StaticFunction returns the *ssa.Function that call statically invokes
// (including closures made by MakeClosure and bound method values), or nil.
func StaticFunction(call *ssa.CallCommon) *ssa.Function {
	if call == nil || call.IsInvoke() {
		return nil
	}
	return call.StaticCallee()
}

// ASTCallee is the go/ast counterpart of Callee for checks written against
// syntax: the *types.Func called by a call expression, or nil.
var ASTCallee = typeutil.Callee

// IsRuntimePackage reports whether pkg is asyncrt itself or one of its
// subpackages. A nil pkg is not the runtime.
func IsRuntimePackage(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	p := pkg.Path()
	return p == Path || strings.HasPrefix(p, Path+"/")
}

// SeesAsyncrt reports whether asyncrt is pkg itself or among the packages it
// loaded, directly or not. (The imports of a package read from export data
// list every package that export data refers to, so the walk sees indirect
// ones too.) A package that never loaded asyncrt cannot mention a coroutine
// handle, a future or any other runtime type, so checks use this to skip it
// at once. A nil pkg sees nothing.
func SeesAsyncrt(pkg *types.Package) bool {
	seen := make(map[*types.Package]bool)
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		if p == nil || seen[p] {
			return false
		}
		seen[p] = true
		if p.Path() == Path {
			return true
		}
		for _, q := range p.Imports() {
			if walk(q) {
				return true
			}
		}
		return false
	}
	return walk(pkg)
}
