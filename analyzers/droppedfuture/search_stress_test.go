package droppedfuture

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// TestSearchOverRealCode runs the path search on real code that has no
// futures, pretending that every pointer, interface or function value a
// call returns is one. Code that never uses asyncrt is skipped by the
// analyzer, so this is what exercises the search on the variety of SSA
// shapes that real code produces (range-over-func bodies, selects, defers,
// closures several levels deep, huge switch statements): it must never
// panic, must stay within its budget almost always, and must find both
// consumed and dropped values.
func TestSearchOverRealCode(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and builds SSA for several large packages")
	}
	cfg := &packages.Config{Mode: packages.LoadSyntax}
	pkgs, err := packages.Load(cfg, "net/http", "go/types", "encoding/json", "golang.org/x/tools/go/ssa", "iter", "slices")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("packages had errors")
	}
	prog, ssapkgs := ssautil.Packages(pkgs, 0)
	for _, p := range ssapkgs {
		if p != nil {
			p.Build()
		}
	}
	var funcs []*ssa.Function
	for fn := range ssautil.AllFunctions(prog) {
		if fn.Pkg != nil && fn.Synthetic == "" {
			funcs = append(funcs, fn)
		}
	}

	var searched, consumed, dropped, gaveUp int
	kinds := map[dropKind]int{}
	cc := newClosureCache()
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || !reference(call.Type()) || len(referrersOf(call)) == 0 {
					continue
				}
				tr := newTracker(call, cc)
				d := tr.search()
				searched++
				switch {
				case tr.overflow || d != nil && d.kind == dropUnanalyzed:
					gaveUp++
				case d == nil:
					consumed++
				default:
					dropped++
					kinds[d.kind]++
				}
			}
		}
	}
	t.Logf("%d functions, %d values searched: %d consumed, %d dropped %v, %d given up",
		len(funcs), searched, consumed, dropped, kinds, gaveUp)
	if searched < 1000 {
		t.Fatalf("only %d values searched: the loader found too little code", searched)
	}
	if consumed == 0 || dropped == 0 {
		t.Errorf("a search that never finds a consumed value, or never a dropped one, is not searching")
	}
	if gaveUp*100 > searched {
		t.Errorf("the search gave up on %d of %d values (over 1%%): the budget is too small or the search too slow", gaveUp, searched)
	}
}

// reference reports whether values of type t may stand for a future in
// this stress test: pointers, interfaces and functions.
func reference(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Signature:
		return true
	}
	return false
}
