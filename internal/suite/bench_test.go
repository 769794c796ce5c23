package suite_test

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/appends"
	"golang.org/x/tools/go/analysis/passes/asmdecl"
	"golang.org/x/tools/go/analysis/passes/assign"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/bools"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/buildtag"
	"golang.org/x/tools/go/analysis/passes/cgocall"
	"golang.org/x/tools/go/analysis/passes/composite"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/defers"
	"golang.org/x/tools/go/analysis/passes/directive"
	"golang.org/x/tools/go/analysis/passes/errorsas"
	"golang.org/x/tools/go/analysis/passes/framepointer"
	"golang.org/x/tools/go/analysis/passes/hostport"
	"golang.org/x/tools/go/analysis/passes/httpresponse"
	"golang.org/x/tools/go/analysis/passes/ifaceassert"
	"golang.org/x/tools/go/analysis/passes/loopclosure"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/nilfunc"
	"golang.org/x/tools/go/analysis/passes/printf"
	"golang.org/x/tools/go/analysis/passes/shift"
	"golang.org/x/tools/go/analysis/passes/sigchanyzer"
	"golang.org/x/tools/go/analysis/passes/slog"
	"golang.org/x/tools/go/analysis/passes/stdmethods"
	"golang.org/x/tools/go/analysis/passes/stdversion"
	"golang.org/x/tools/go/analysis/passes/stringintconv"
	"golang.org/x/tools/go/analysis/passes/structtag"
	"golang.org/x/tools/go/analysis/passes/testinggoroutine"
	"golang.org/x/tools/go/analysis/passes/tests"
	"golang.org/x/tools/go/analysis/passes/timeformat"
	"golang.org/x/tools/go/analysis/passes/unmarshal"
	"golang.org/x/tools/go/analysis/passes/unreachable"
	"golang.org/x/tools/go/analysis/passes/unsafeptr"
	"golang.org/x/tools/go/analysis/passes/unusedresult"
	"golang.org/x/tools/go/analysis/passes/waitgroup"
	"golang.org/x/tools/go/packages"

	"github.com/asynclint/asynclint/internal/suite"
)

// vetSuite is cmd/vet's list of analyzers (Go 1.26's cmd/vet/main.go), the
// baseline every asynclint cost is stated against.
var vetSuite = []*analysis.Analyzer{
	appends.Analyzer, asmdecl.Analyzer, assign.Analyzer, atomic.Analyzer,
	bools.Analyzer, buildtag.Analyzer, cgocall.Analyzer, composite.Analyzer,
	copylock.Analyzer, defers.Analyzer, directive.Analyzer, errorsas.Analyzer,
	framepointer.Analyzer, hostport.Analyzer, httpresponse.Analyzer,
	ifaceassert.Analyzer, loopclosure.Analyzer, lostcancel.Analyzer,
	nilfunc.Analyzer, printf.Analyzer, shift.Analyzer, sigchanyzer.Analyzer,
	slog.Analyzer, stdmethods.Analyzer, stdversion.Analyzer,
	stringintconv.Analyzer, structtag.Analyzer, testinggoroutine.Analyzer,
	tests.Analyzer, timeformat.Analyzer, unmarshal.Analyzer,
	unreachable.Analyzer, unsafeptr.Analyzer, unusedresult.Analyzer,
	waitgroup.Analyzer,
}

// ssaEverywhere builds SSA for every package and does nothing else: the
// floor under any SSA-based suite. It declares a fact type so that, like
// the checks' passes, it runs over every dependency too.
var ssaEverywhere = &analysis.Analyzer{
	Name:      "ssaeverywhere",
	Doc:       "build SSA for every package and do nothing else",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(noFact)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

type noFact struct{}

func (*noFact) AFact() {}

// benchCorpus is what the suite benchmark analyzes, with every dependency:
// $ASYNCLINT_BENCH_PKGS (space-separated patterns) or a default that spans
// networking, database, process, compiler-front-end and crypto code, about
// a third of std.
func benchCorpus() []string {
	if s := os.Getenv("ASYNCLINT_BENCH_PKGS"); s != "" {
		return strings.Fields(s)
	}
	return []string{"net/http", "database/sql", "os/exec", "go/types", "crypto/tls"}
}

// BenchmarkSuite measures the whole suite in one process (the work of the
// vettool driver without its process and cache overhead), side by side
// with the two baselines: vet's analyzers on the same packages, and SSA
// construction alone. Loading and type checking are outside the timed
// region. Per-check rows show each check with the passes it requires.
//
//	go test -run=^$ -bench=Suite -benchtime=3x -benchmem ./internal/suite/
//	go test -run=^$ -bench=Suite/all -benchtime=3x -cpuprofile=/tmp/cpu.out ./internal/suite/
func BenchmarkSuite(b *testing.B) {
	if testing.Short() {
		b.Skip("loads a large part of std")
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, benchCorpus()...)
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		b.Fatalf("loading the corpus: %v", err)
	}
	type row struct {
		name      string
		analyzers []*analysis.Analyzer
	}
	var all []*analysis.Analyzer
	rows := []row{{"vet", vetSuite}, {"buildssa", []*analysis.Analyzer{ssaEverywhere}}}
	for _, c := range suite.All() {
		all = append(all, c.Analyzer)
		rows = append(rows, row{"check=" + c.Analyzer.Name, []*analysis.Analyzer{c.Analyzer}})
	}
	rows = append(rows, row{"all", all})
	for _, r := range rows {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				g, err := checker.Analyze(r.analyzers, pkgs, nil)
				if err != nil {
					b.Fatal(err)
				}
				for act := range g.All() {
					if act.Err != nil {
						b.Fatalf("%s: %v", act, act.Err)
					}
				}
			}
		})
	}
}
