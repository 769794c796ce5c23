package suite_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/asynclint/asynclint/internal/engine"
	"github.com/asynclint/asynclint/internal/suite"
)

// BenchmarkFactSizes measures, per fact type, how many object facts the
// suite exports over the benchmark corpus and their gob size (each
// package's own facts; go vet re-exports method facts of every dependency
// on top), reported as metrics named "<pass>-facts" and "<pass>-B":
//
//	go test -run='^$' -bench=FactSizes -benchtime=1x ./internal/suite/
//
// ASYNCLINT_FACTSIZE_DUMP=<pass name> (lockacq, chanops, ...) also prints
// every fact of that pass, to see what makes them large.
func BenchmarkFactSizes(b *testing.B) {
	if testing.Short() {
		b.Skip("loads a large part of std")
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, benchCorpus()...)
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		b.Fatalf("loading the corpus: %v", err)
	}
	var all []*analysis.Analyzer
	for _, c := range suite.All() {
		all = append(all, c.Analyzer)
	}
	engine.RegisterFacts(suite.All())
	var g *checker.Graph
	for b.Loop() {
		if g, err = checker.Analyze(all, pkgs, nil); err != nil {
			b.Fatal(err)
		}
	}
	type stat struct{ n, bytes int }
	stats := map[string]*stat{}
	dump := os.Getenv("ASYNCLINT_FACTSIZE_DUMP")
	for act := range g.All() {
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() != act.Package.Types {
				continue // imported, counted where it was exported
			}
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(&f.Fact); err != nil {
				b.Fatalf("%s fact on %s does not encode: %v", act.Analyzer.Name, f.Object, err)
			}
			s := stats[act.Analyzer.Name]
			if s == nil {
				s = &stat{}
				stats[act.Analyzer.Name] = s
			}
			s.n++
			s.bytes += buf.Len()
			if dump == act.Analyzer.Name {
				fmt.Printf("%s: %v (%s)\n", f.Object, f.Fact, reflect.TypeOf(f.Fact))
			}
		}
	}
	for name, s := range stats {
		b.ReportMetric(float64(s.n), name+"-facts")
		b.ReportMetric(float64(s.bytes), name+"-B")
	}
}
