package suite_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/asynclint/asynclint/internal/engine"
	"github.com/asynclint/asynclint/internal/suite"
)

// TestFactSizes prints, per fact type, how many object facts the suite
// exports over the corpus and their gob size (own facts of each package;
// go vet re-exports method facts of every dependency on top). Run with
//
//	ASYNCLINT_FACTSIZE=1 go test -run FactSizes -v ./internal/suite/
//
// ASYNCLINT_FACTSIZE_DUMP=<pass name> (lockacq, chanops, ...) also prints
// every fact of that pass, to see what makes them large.
func TestFactSizes(t *testing.T) {
	if os.Getenv("ASYNCLINT_FACTSIZE") == "" {
		t.Skip("set ASYNCLINT_FACTSIZE=1 (loads a large part of std)")
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, benchCorpus()...)
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("loading the corpus: %v", err)
	}
	var all []*analysis.Analyzer
	for _, c := range suite.All() {
		all = append(all, c.Analyzer)
	}
	engine.RegisterFacts(suite.All())
	g, err := checker.Analyze(all, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	type stat struct{ n, bytes int }
	stats := map[string]*stat{}
	for act := range g.All() {
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() != act.Package.Types {
				continue
			}
			name := act.Analyzer.Name + " " + reflect.TypeOf(f.Fact).String()
			s := stats[name]
			if s == nil {
				s = &stat{}
				stats[name] = s
			}
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(&f.Fact); err != nil {
				t.Fatal(err)
			}
			s.n++
			s.bytes += buf.Len()
			if os.Getenv("ASYNCLINT_FACTSIZE_DUMP") == act.Analyzer.Name {
				fmt.Printf("%s: %v\n", f.Object, f.Fact)
			}
		}
	}
	var names []string
	for n := range stats {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, n := range names {
		s := stats[n]
		fmt.Fprintf(&sb, "%-50s %7d facts %9d bytes\n", n, s.n, s.bytes)
	}
	t.Log("\n" + sb.String())
}
