// Package funcfacts is the lookup shared by the passes that summarize
// functions and export the summaries as object facts (lockacq, chanops):
// what the pass computed for a function of the package being analyzed
// (literals, instantiations and methods included), or what the object fact
// of a function of another package says.
package funcfacts

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Table maps functions to their summaries of type T.
type Table[T any] struct {
	// Local holds the summaries the pass computes for the package's own
	// functions; the pass fills it in.
	Local map[*ssa.Function]T

	pkg      *types.Package
	byObj    map[*types.Func]*ssa.Function
	imported map[*types.Func]T
	load     func(obj *types.Func) T
}

// New returns a table for the package pkg whose source functions are funcs;
// load reads the object fact of a function of another package (the zero T
// when there is none) and is called at most once per function.
func New[T any](pkg *types.Package, funcs []*ssa.Function, load func(obj *types.Func) T) *Table[T] {
	t := &Table[T]{
		Local:    map[*ssa.Function]T{},
		pkg:      pkg,
		byObj:    map[*types.Func]*ssa.Function{},
		imported: map[*types.Func]T{},
		load:     load,
	}
	for _, fn := range funcs {
		if obj, ok := fn.Object().(*types.Func); ok {
			t.byObj[obj] = fn
		}
	}
	return t
}

// Of returns the summary of fn: the local one for a function of the package
// (an instantiation of a generic function answers for its origin), else the
// imported fact, else the zero T.
func (t *Table[T]) Of(fn *ssa.Function) T {
	var zero T
	if fn == nil {
		return zero
	}
	if s, ok := t.Local[fn]; ok {
		return s
	}
	if o := fn.Origin(); o != nil {
		if s, ok := t.Local[o]; ok {
			return s
		}
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return zero
	}
	obj = obj.Origin()
	if f := t.byObj[obj]; f != nil {
		return t.Local[f]
	}
	if s, ok := t.imported[obj]; ok {
		return s
	}
	var s T
	if obj.Pkg() != nil && obj.Pkg() != t.pkg {
		s = t.load(obj)
	}
	t.imported[obj] = s
	return s
}

// DisplayName names a function for the call chains in messages and facts:
// "(*p.T).M", "p.F", "p.F$lit" for a literal in p.F.
func DisplayName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return DisplayName(fn.Parent()) + "$lit"
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		obj = obj.Origin()
		qual := func(p *types.Package) string { return p.Name() }
		if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() != nil {
			return "(" + types.TypeString(sig.Recv().Type(), qual) + ")." + obj.Name()
		}
		if obj.Pkg() != nil {
			return obj.Pkg().Name() + "." + obj.Name()
		}
	}
	return fn.Name()
}

// ShortPos renders pos as "file.go:12" (base name and line), the form
// facts carry for positions in other packages; "" when unknown.
func ShortPos(fset *token.FileSet, pos token.Pos) string {
	if !pos.IsValid() || fset == nil {
		return ""
	}
	p := fset.Position(pos)
	name := p.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return name + ":" + strconv.Itoa(p.Line)
}
