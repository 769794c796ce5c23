package mayblock_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/settings"
	"github.com/asynclint/asynclint/passes/mayblock"
)

// TestFacts checks the exported facts, within a package and across
// packages (app imports lib; lib's facts come from os, time, net...).
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), mayblock.Analyzer, "lib", "app")
}

// TestSettings checks that the user's settings add and remove blocking
// functions, overriding the knowledge base.
func TestSettings(t *testing.T) {
	err := settings.Set(&settings.Settings{
		Blocking:    []string{"configured.Custom", "(*sync.Mutex).Lock"},
		NonBlocking: []string{"time.Sleep", "(*configured.T).Poke"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer settings.Set(nil)
	analysistest.Run(t, analysistest.TestData(), mayblock.Analyzer, "configured")
}

// probe reports the Result's answers so the test data can state them:
// "func:" for Blocking of every function (literals included), "op:" for Op
// of every instruction, "call:" for Call of calls that are not operations.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report mayblock's answers",
	Requires: []*analysis.Analyzer{mayblock.Analyzer, buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[mayblock.Analyzer].(*mayblock.Result)
		ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		for _, fn := range ssainfo.SrcFuncs {
			if e, ok := res.Blocking(fn); ok {
				pass.Reportf(fn.Pos(), "func: %s", e)
			}
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if op, ok := res.Op(instr); ok {
						if !op.Pos.IsValid() {
							return nil, fmt.Errorf("op %s without position", op)
						}
						pass.Reportf(op.Pos, "op: %s", op)
						continue
					}
					if call, ok := instr.(ssa.CallInstruction); ok {
						if e, ok := res.Call(call); ok {
							pass.Reportf(instr.Pos(), "call: %s", e)
						}
					}
				}
			}
		}
		return nil, nil
	},
}

func TestResult(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "probe")
}

// TestFactGob checks that the fact survives gob, as it must between the
// processes of go vet -vettool and Bazel nogo.
func TestFactGob(t *testing.T) {
	in := &mayblock.MayBlock{Evidence: []mayblock.Evidence{
		{Class: mayblock.Sleep, Chain: []string{"lib.middle", "time.Sleep"}, Op: "time.Sleep"},
		{Class: mayblock.IO, Chain: []string{"a", "b", "…", "os.Open"}, Op: "os.Open", Length: 14},
	}}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	out := new(mayblock.MayBlock)
	if err := gob.NewDecoder(&buf).Decode(out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("gob round trip: got %v, want %v", out, in)
	}
	if e := out.Shortest(mayblock.All); e.Op != "time.Sleep" {
		t.Errorf("Shortest = %v, want the 2-call sleep chain over the 14-call I/O chain", e)
	}
	if e := out.Shortest(mayblock.IO); e.Len() != 14 || e.Advice() == "" {
		t.Errorf("Shortest(IO) = %v (len %d, advice %q)", e, e.Len(), e.Advice())
	}
}
