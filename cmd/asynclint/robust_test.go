package main

// Robustness on malformed and extreme input (issue 12, "Malformed input"):
// files that do not parse, packages that do not type-check, cgo, generated
// files, huge functions, deep call chains, generics, odd encodings. Each
// case is a throwaway module written to a temporary directory (big inputs
// are generated here, not committed), linted in both modes, standalone and
// under go vet. Whatever the input, the run must end (a deadline catches a
// hang; it is not a timing assertion), print no Go panic or runtime error,
// and either report the exact findings expected or fail with go's own
// message naming the file, line and problem, the way go vet does.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// robustDeadline bounds one run of the tool: far above the few seconds the
// largest case takes, so that only a hang (or a blow-up) reaches it.
const robustDeadline = 3 * time.Minute

// A robustCase is a module to lint and what both modes must make of it.
type robustCase struct {
	name     string
	files    map[string]string // slash-separated path in the module → content
	args     []string          // flags before the patterns
	patterns []string          // default ./...
	code     int               // the standalone exit status; go vet -json exits 1 on failures, else 0
	stderr   []string          // substrings of the error output of both modes (see anyOf)
	// findings are the findings the standalone run must print, each as
	// "check path:line:col", sorted; optional ones may also appear (a
	// check that a per-function bound may legitimately silence).
	findings, optional []string
	// check makes extra assertions on the standalone run's JSON output.
	check func(t *testing.T, dir, stdout string)
}

func runRobustCases(t *testing.T, cases []robustCase) {
	t.Helper()
	skipShort(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { runRobust(t, c) })
	}
}

func runRobust(t *testing.T, c robustCase) {
	t.Helper()
	dir := robustModule(t, c.files)
	patterns := c.patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}

	start := time.Now()
	sa := runBounded(t, dir, binary, slices.Concat([]string{"-json"}, c.args, patterns)...)
	t.Logf("standalone: exit %d in %v", sa.code, time.Since(start).Round(time.Millisecond))
	crashFree(t, "standalone", sa)
	if sa.code != c.code {
		t.Errorf("standalone: exit %d, want %d:\n%s", sa.code, c.code, sa)
	}
	for _, s := range c.stderr {
		if !containsAny(sa.stderr, s) {
			t.Errorf("standalone: standard error lacks %q:\n%s", s, sa)
		}
	}
	got := robustFindings(t, dir, sa.stdout)
	for _, f := range c.findings {
		if !slices.Contains(got, f) {
			t.Errorf("standalone: finding %q missing; got:\n%s", f, strings.Join(got, "\n"))
		}
	}
	for _, f := range got {
		if !slices.Contains(c.findings, f) && !slices.Contains(c.optional, f) {
			t.Errorf("standalone: unexpected finding %q", f)
		}
	}
	if c.check != nil {
		c.check(t, dir, sa.stdout)
	}

	start = time.Now()
	v := runBounded(t, dir, "go", slices.Concat([]string{"vet", "-vettool=" + binary, "-json"}, c.args, patterns)...)
	t.Logf("go vet: exit %d in %v", v.code, time.Since(start).Round(time.Millisecond))
	crashFree(t, "go vet", v)
	wantVet := 0
	if c.code == exitFailure {
		wantVet = 1
	}
	if v.code != wantVet {
		t.Errorf("go vet: exit %d, want %d:\n%s", v.code, wantVet, v)
	}
	for _, s := range c.stderr {
		if !containsAny(v.stderr, s) {
			t.Errorf("go vet: standard error lacks %q:\n%s", s, v)
		}
	}
	if vf := robustFindings(t, dir, v.stdout); !slices.Equal(vf, got) {
		t.Errorf("the modes disagree:\nstandalone:\n%s\ngo vet:\n%s", strings.Join(got, "\n"), strings.Join(vf, "\n"))
	}
}

// anyOf joins alternatives for robustCase.stderr: any one of them will do.
func anyOf(alternatives ...string) string { return strings.Join(alternatives, "\x00") }

func containsAny(s, alternatives string) bool {
	return slices.ContainsFunc(strings.Split(alternatives, "\x00"), func(a string) bool { return strings.Contains(s, a) })
}

// robustModule writes files into a new module "robust" that reaches this
// repository's asyncrt through a replace directive.
func robustModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	gomod := fmt.Sprintf("module robust\n\ngo 1.26\n\nrequire github.com/asynclint/asynclint v0.0.0\n\nreplace github.com/asynclint/asynclint => %s\n", repoRoot)
	sum, err := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]string{"go.mod": gomod, "go.sum": string(sum)}
	for name, content := range files {
		all[name] = content
	}
	for name, content := range all {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runBounded runs a command like execIn, failing the test if it has not
// finished by robustDeadline.
func runBounded(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), robustDeadline)
	defer cancel()
	r := execCtx(t, ctx, dir, name, args...)
	if ctx.Err() != nil {
		t.Fatalf("%s %q did not finish within %v (a hang?)\n--- stderr\n%s", name, args, robustDeadline, r.stderr)
	}
	return r
}

// crashFree fails the test if the run's error output shows a crash of the
// tool: a panic, a runtime error or a goroutine dump.
func crashFree(t *testing.T, mode string, r result) {
	t.Helper()
	for _, sign := range []string{"panic:", "goroutine ", "runtime error", "fatal error:", "internal error"} {
		if strings.Contains(r.stderr, sign) {
			t.Errorf("%s: the tool crashed (%q in its error output):\n%s", mode, sign, r)
			return
		}
	}
}

// robustFindings reduces JSON output to "check path:line:col", with the path
// relative to the module, sorted.
func robustFindings(t *testing.T, dir, stdout string) []string {
	t.Helper()
	var out []string
	for _, f := range findingsFromJSON(t, stdout) {
		check, rest, _ := strings.Cut(f, " ")
		posn, _, _ := strings.Cut(rest, ": ")
		posn = filepath.ToSlash(strings.TrimPrefix(posn, dir+string(filepath.Separator)))
		out = append(out, check+" "+posn)
	}
	slices.Sort(out)
	return out
}

// robustMessages returns the messages of the findings of check in JSON
// output.
func robustMessages(t *testing.T, stdout, check string) []string {
	t.Helper()
	var out []string
	for _, f := range findingsFromJSON(t, stdout) {
		if c, rest, _ := strings.Cut(f, " "); c == check {
			_, msg, _ := strings.Cut(rest, ": ")
			out = append(out, msg)
		}
	}
	return out
}

// at returns "line:col" of the first occurrence of marker in src, the way
// go/token counts (1-based, columns in bytes).
func at(src, marker string) string {
	i := strings.Index(src, marker)
	if i < 0 {
		return "marker " + marker + " not found"
	}
	line := strings.Count(src[:i], "\n") + 1
	col := i - strings.LastIndex(src[:i], "\n")
	return fmt.Sprintf("%d:%d", line, col)
}

// goodSrc is a clean package with one finding, linted next to broken ones
// to see whether the driver still analyzes it.
const goodSrc = `package good

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

func Work(co *asyncrt.Co) {
	time.Sleep(time.Second)
	asyncrt.Yield(co)
}
`

var goodFinding = "blocking good/good.go:" + at(goodSrc, "time.Sleep")

// A syntax error fails its package with the parser's message; the other
// packages named are still analyzed, as go vet does, except the packages
// that import the broken one: go vet does not analyze them either.
func TestRobustSyntaxErrors(t *testing.T) {
	const bad = "package bad\n\nfunc F() int {\n\treturn 1 +\n}\n"
	const usesBad = `package usesbad

import (
	"time"

	"robust/bad"

	"github.com/asynclint/asynclint/asyncrt"
)

func G(co *asyncrt.Co) int {
	time.Sleep(time.Second)
	asyncrt.Yield(co)
	return bad.F()
}
`
	// The message is go/parser's when go vet parses the package itself,
	// the compiler's when it was compiled first for an importer.
	badMsg := anyOf("bad/bad.go:5:1: expected operand, found '}'", "bad/bad.go:5:1: syntax error: unexpected }")
	const badTest = "package good\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {\n\tfor {\n}\n"
	runRobustCases(t, []robustCase{{
		name:     "in a package",
		files:    map[string]string{"bad/bad.go": bad, "good/good.go": goodSrc},
		code:     exitFailure,
		stderr:   []string{badMsg},
		findings: []string{goodFinding},
	}, {
		name:     "in a dependency",
		files:    map[string]string{"bad/bad.go": bad, "usesbad/usesbad.go": usesBad, "good/good.go": goodSrc},
		patterns: []string{"./usesbad", "./good"},
		code:     exitFailure,
		stderr:   []string{badMsg},
		findings: []string{goodFinding},
	}, {
		name:     "in a test file",
		files:    map[string]string{"good/good.go": goodSrc, "good/good_test.go": badTest},
		code:     exitFailure,
		stderr:   []string{anyOf("good/good_test.go:7:3: expected '}', found 'EOF'", "good/good_test.go:8:1: syntax error: unexpected EOF")},
		findings: []string{},
	}})
}

// A package that does not type-check fails with the type checker's message.
// Errors found while loading (an import cycle, a missing package) stop go
// vet before it analyzes anything; the standalone driver, which runs go vet,
// does the same.
func TestRobustTypeErrors(t *testing.T) {
	const badAwait = `package badawait

import "github.com/asynclint/asynclint/asyncrt"

func F(co *asyncrt.Co) int {
	return asyncrt.Await[int](co, 42)
}
`
	runRobustCases(t, []robustCase{{
		name:     "undefined name",
		files:    map[string]string{"undef/undef.go": "package undef\n\nfunc F() int { return nosuch + 1 }\n", "good/good.go": goodSrc},
		code:     exitFailure,
		stderr:   []string{"undef/undef.go:3:23: undefined: nosuch"},
		findings: []string{goodFinding},
	}, {
		name:     "wrong argument count",
		files:    map[string]string{"argc/argc.go": "package argc\n\nfunc g(a, b int) int { return a + b }\n\nfunc F() int { return g(1) }\n", "good/good.go": goodSrc},
		code:     exitFailure,
		stderr:   []string{"argc/argc.go:5:26: not enough arguments in call to g"},
		findings: []string{goodFinding},
	}, {
		name:     "misused asyncrt API",
		files:    map[string]string{"badawait/badawait.go": badAwait, "good/good.go": goodSrc},
		code:     exitFailure,
		stderr:   []string{"badawait/badawait.go:" + at(badAwait, "42") + ": cannot use 42"},
		findings: []string{goodFinding},
	}, {
		name: "import cycle",
		files: map[string]string{
			"cyc/a/a.go":   "package a\n\nimport \"robust/cyc/b\"\n\nfunc A() int { return b.B() }\n",
			"cyc/b/b.go":   "package b\n\nimport \"robust/cyc/a\"\n\nfunc B() int { return a.A() }\n",
			"good/good.go": goodSrc,
		},
		code:     exitFailure,
		stderr:   []string{"imports robust/cyc/a from b.go: import cycle not allowed"},
		findings: []string{},
	}, {
		name:     "missing import",
		files:    map[string]string{"missing/missing.go": "package missing\n\nimport \"robust/nosuchpkg\"\n\nvar X = nosuchpkg.X\n", "good/good.go": goodSrc},
		code:     exitFailure,
		stderr:   []string{"missing/missing.go:3:8: package robust/nosuchpkg is not in std"},
		findings: []string{},
	}, {
		name: "two packages in one directory",
		files: map[string]string{
			"two/a.go": "package a\n",
			"two/b.go": "package b\n",
		},
		code:     exitFailure,
		stderr:   []string{"found packages a (a.go) and b (b.go) in "},
		findings: []string{},
	}})
}

// cgo: vet analyzes cgo's rewritten copy of each file, kept in the build
// cache, whose //line directives name the user's file. Findings, path rules
// and directives must refer to the user's file; a suggested fix, whose byte
// offsets are those of the copy, must not be offered against it.
func TestRobustCgo(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler")
	}
	if r := execIn(t, repoRoot, "go", "env", "CGO_ENABLED"); strings.TrimSpace(r.stdout) != "1" {
		t.Skip("cgo is disabled")
	}
	// The padding makes the file longer than the offsets of the finding in
	// cgo's copy, so that a fix with those offsets would land in the file.
	src := `package cg

/*
static int add(int a, int b) { return a + b; }
*/
import "C"

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Add calls into C.
func Add(a, b int) int { return int(C.add(C.int(a), C.int(b))) }

func Work(co *asyncrt.Co) int {
	n := Add(1, 2)
	time.Sleep(time.Millisecond)
	asyncrt.Yield(co)
	return n
}

func Quiet(co *asyncrt.Co) {
	//asynclint:ignore blocking -- the robustness test checks directives in cgo files
	time.Sleep(time.Millisecond)
	asyncrt.Yield(co)
}
` + strings.Repeat("// padding ...................................................\n", 40)
	files := map[string]string{"cg/cg.go": src}
	finding := "blocking cg/cg.go:" + at(src, "time.Sleep(time.Millisecond)\n\tasyncrt.Yield(co)\n\treturn n")
	runRobustCases(t, []robustCase{{
		name:     "finding in the user's file",
		files:    files,
		code:     exitFindings,
		findings: []string{finding},
		check: func(t *testing.T, dir, stdout string) {
			for _, e := range robustEdits(t, stdout) {
				t.Errorf("a suggested fix edits %s at offsets %d-%d (%q): offsets of cgo's copy, not of this file", e.Filename, e.Start, e.End, e.New)
			}
		},
	}, {
		// The rule names the directory the user knows, not the build cache.
		name:     "path rule",
		files:    files,
		args:     []string{"-disable=cg:blocking"},
		code:     exitClean,
		findings: []string{},
	}})
}

type robustEdit struct {
	Filename   string
	Start, End int
	New        string
}

// robustEdits returns the edits of every suggested fix in JSON output.
func robustEdits(t *testing.T, stdout string) []robustEdit {
	t.Helper()
	var out []robustEdit
	dec := json.NewDecoder(strings.NewReader(stdout))
	for {
		var tree map[string]map[string][]struct {
			Fixes []struct {
				Edits []robustEdit `json:"edits"`
			} `json:"suggested_fixes"`
		}
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("bad JSON: %v\n%s", err, stdout)
		}
		for _, byCheck := range tree {
			for _, diags := range byCheck {
				for _, d := range diags {
					for _, f := range d.Fixes {
						out = append(out, f.Edits...)
					}
				}
			}
		}
	}
	return out
}

// Generated files are skipped (staticcheck's rule: a "// Code generated
// ... DO NOT EDIT." line before the package clause); the same code in a
// hand-written file is reported.
func TestRobustGenerated(t *testing.T) {
	const body = `
import (
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

var mu sync.Mutex

func Work(co *asyncrt.Co) {
	time.Sleep(time.Millisecond)
	mu.Lock()
	asyncrt.Yield(co)
	mu.Unlock()
	asyncrt.Sleep(time.Second)
}
`
	gen := "// Code generated by robustgen. DO NOT EDIT.\n\npackage gen\n" + body
	hand := "package hand\n" + body
	runRobustCases(t, []robustCase{{
		name:  "generated and hand-written",
		files: map[string]string{"gen/gen.go": gen, "hand/hand.go": hand},
		code:  exitFindings,
		findings: []string{
			"blocking hand/hand.go:" + at(hand, "time.Sleep"),
			"droppedfuture hand/hand.go:" + at(hand, "asyncrt.Sleep"),
			"lockawait hand/hand.go:" + at(hand, "asyncrt.Yield"),
		},
	}})
}

// srcBuilder writes generated source a line at a time and remembers the
// position of marked lines.
type srcBuilder struct {
	b     strings.Builder
	line  int
	marks map[string]string // name → "line:col"
}

// printf writes format's lines (a newline is added).
func (s *srcBuilder) printf(format string, args ...any) {
	text := fmt.Sprintf(format, args...) + "\n"
	s.b.WriteString(text)
	s.line += strings.Count(text, "\n")
}

// mark names the next line; col is the column of what it reports.
func (s *srcBuilder) mark(name string, col int) {
	if s.marks == nil {
		s.marks = make(map[string]string)
	}
	s.marks[name] = fmt.Sprintf("%d:%d", s.line+1, col)
}

const hugeHeader = `package huge

import (
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

var mu, mu2 sync.Mutex

var sink int
`

// hugeSource generates functions far beyond what people write by hand but
// within what generators emit, each with locks held across awaits and a
// blocking call at the end.
func hugeSource() *srcBuilder {
	s := new(srcBuilder)
	for l := range strings.Lines(hugeHeader) {
		s.printf("%s", strings.TrimSuffix(l, "\n"))
	}
	// 20 000 statements in one block; every 1000th holds mu across a yield.
	s.printf("func Long(co *asyncrt.Co) {")
	for i := range 20000 {
		if i%1000 == 0 {
			s.printf("\tmu.Lock()\n\tasyncrt.Yield(co)\n\tmu.Unlock()")
		}
		s.printf("\tsink += %d", i)
	}
	s.mark("long-sleep", 2)
	s.printf("\ttime.Sleep(time.Millisecond)\n}\n")

	// A 5000-case switch, each case holding mu across a yield.
	s.printf("func Switch(co *asyncrt.Co, x int) {\n\tswitch x {")
	for i := range 5000 {
		s.printf("\tcase %d:\n\t\tmu.Lock()\n\t\tsink += %d\n\t\tasyncrt.Yield(co)\n\t\tmu.Unlock()", i, i)
	}
	s.printf("\t}")
	s.mark("switch-sleep", 2)
	s.printf("\ttime.Sleep(time.Millisecond)\n}\n")

	// 3000 if/else diamonds in a row: 2^3000 paths.
	s.printf("func Diamonds(co *asyncrt.Co, x int) {")
	for i := range 3000 {
		s.printf("\tif x&%d != 0 {\n\t\tmu.Lock()\n\t\tsink++\n\t\tmu.Unlock()\n\t} else {\n\t\tmu2.Lock()\n\t\tasyncrt.Yield(co)\n\t\tmu2.Unlock()\n\t}", i)
	}
	s.mark("diamonds-sleep", 2)
	s.printf("\ttime.Sleep(time.Millisecond)\n}\n")

	// 450 nested ifs (go/parser allows 1000 nested scopes, two per if) with
	// mu held across the yield at the bottom.
	s.printf("func Nested(co *asyncrt.Co, x int) {")
	s.printf("\tmu.Lock()")
	for i := range 450 {
		s.printf("%sif x > %d {", strings.Repeat("\t", i+1), i)
	}
	s.mark("nested-yield", 452)
	s.printf("%sasyncrt.Yield(co)", strings.Repeat("\t", 451))
	s.mark("nested-sleep", 452)
	s.printf("%stime.Sleep(time.Millisecond)", strings.Repeat("\t", 451))
	for i := 450; i > 0; i-- {
		s.printf("%s}", strings.Repeat("\t", i))
	}
	s.printf("\tmu.Unlock()\n}")
	return s
}

// Huge functions finish, without a crash. The per-function bounds of the
// lock-state analysis (passes/lockset: 2000 blocks, 20 000 instructions)
// skip Long, Switch and Diamonds, so their locks held across yields may go
// unreported; the blocking calls, found by a pass with no such bound, are.
func TestRobustHugeFunctions(t *testing.T) {
	s := hugeSource()
	src := s.b.String()
	m := func(name string) string { return "huge/huge.go:" + s.marks[name] }
	// The lockawait findings a perfect analysis would give in the functions
	// the bounds may skip.
	bounded := map[string][]string{
		"Long":     lockawaitsIn(src, "huge/huge.go", "func Long(", "func Switch("),
		"Switch":   lockawaitsIn(src, "huge/huge.go", "func Switch(", "func Diamonds("),
		"Diamonds": lockawaitsIn(src, "huge/huge.go", "func Diamonds(", "func Nested("),
	}
	var deep strings.Builder
	deep.WriteString("package deep\n\nfunc F(x int) int {\n")
	for i := range 3000 {
		fmt.Fprintf(&deep, "if x > %d {\n", i)
	}
	deep.WriteString("return x\n" + strings.Repeat("}\n", 3000) + "return 0\n}\n")
	runRobustCases(t, []robustCase{{
		name:  "long, wide and deep",
		files: map[string]string{"huge/huge.go": src},
		code:  exitFindings,
		findings: []string{
			"blocking " + m("long-sleep"),
			"blocking " + m("switch-sleep"),
			"blocking " + m("diamonds-sleep"),
			"blocking " + m("nested-sleep"),
			"lockawait " + m("nested-yield"),
		},
		optional: slices.Concat(bounded["Long"], bounded["Switch"], bounded["Diamonds"]),
		check: func(t *testing.T, dir, stdout string) {
			got := robustFindings(t, dir, stdout)
			for _, fn := range []string{"Long", "Switch", "Diamonds"} {
				n := 0
				for _, f := range bounded[fn] {
					if slices.Contains(got, f) {
						n++
					}
				}
				t.Logf("%s: %d of its %d locks held across a yield reported", fn, n, len(bounded[fn]))
			}
		},
	}, {
		// Beyond go/parser's nesting limit: the parser's message, as go vet
		// gives it.
		name:     "3000 nested ifs",
		files:    map[string]string{"deep/deep.go": deep.String()},
		code:     exitFailure,
		stderr:   []string{"deep/deep.go:", "exceeded max scope depth during object resolution"},
		findings: []string{},
	}})
}

// lockawaitsIn returns the lockawait findings a perfect analysis would
// report between the markers from and to: every yield between a Lock line
// and the next Unlock line.
func lockawaitsIn(src, file, from, to string) []string {
	start := strings.Index(src, from)
	end := strings.Index(src, to)
	if start < 0 || end < start {
		return nil
	}
	var out []string
	line := strings.Count(src[:start], "\n") + 1
	locked := false
	for l := range strings.Lines(src[start:end]) {
		switch trimmed := strings.TrimSpace(l); {
		case strings.HasSuffix(trimmed, ".Lock()"):
			locked = true
		case strings.HasSuffix(trimmed, ".Unlock()"):
			locked = false
		case trimmed == "asyncrt.Yield(co)" && locked:
			col := len(l) - len(strings.TrimLeft(l, "\t")) + 1
			out = append(out, fmt.Sprintf("lockawait %s:%d:%d", file, line, col))
		}
		line++
	}
	return out
}

// Long call chains and recursion: the chains in messages are abbreviated,
// the passes' work stays linear, and nothing overflows the stack.
func TestRobustDeepCallChains(t *testing.T) {
	const n = 5000
	var chain strings.Builder
	chain.WriteString(`package chain

import (
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

var mu sync.Mutex

// Top reaches a blocking call 5000 calls down.
func Top(co *asyncrt.Co) {
	f0()
	asyncrt.Yield(co)
}

// Rec reaches one through a cycle of 1000 functions.
func Rec(co *asyncrt.Co) {
	r0(0)
	asyncrt.Yield(co)
}

// Hold holds mu across an await 5000 async calls down.
func Hold(co *asyncrt.Co) {
	mu.Lock()
	a0(co)
	mu.Unlock()
}

// Again locks mu, then calls a chain that locks it again at its bottom.
func Again() {
	mu.Lock()
	l0()
	mu.Unlock()
}
`)
	for i := range n {
		fmt.Fprintf(&chain, "func f%d() { f%d() }\n", i, i+1)
		fmt.Fprintf(&chain, "func a%d(co *asyncrt.Co) { a%d(co) }\n", i, i+1)
		fmt.Fprintf(&chain, "func l%d() { l%d() }\n", i, i+1)
	}
	fmt.Fprintf(&chain, "func f%d() { time.Sleep(time.Millisecond) }\n", n)
	fmt.Fprintf(&chain, "func a%d(co *asyncrt.Co) { asyncrt.Yield(co) }\n", n)
	fmt.Fprintf(&chain, "func l%d() {\n\tmu.Lock()\n\tmu.Unlock()\n}\n", n)
	for i := range 999 {
		fmt.Fprintf(&chain, "func r%d(n int) { r%d(n) }\n", i, i+1)
	}
	chain.WriteString("func r999(n int) {\n\tif n > 10 {\n\t\ttime.Sleep(time.Millisecond)\n\t\treturn\n\t}\n\tr0(n + 1)\n}\n")
	chainSrc := chain.String()

	// Three packages, each a chain of 1000 calls into the next.
	files := map[string]string{"chain/chain.go": chainSrc}
	for p := range 3 {
		var b strings.Builder
		fmt.Fprintf(&b, "package p%d\n\n", p)
		if p < 2 {
			fmt.Fprintf(&b, "import \"robust/pkgs/p%d\"\n\n", p+1)
		} else {
			b.WriteString("import \"time\"\n\n")
		}
		for i := range 999 {
			fmt.Fprintf(&b, "func F%d() { F%d() }\n", i, i+1)
		}
		if p < 2 {
			fmt.Fprintf(&b, "func F999() { p%d.F0() }\n", p+1)
		} else {
			b.WriteString("func F999() { time.Sleep(time.Millisecond) }\n")
		}
		files[fmt.Sprintf("pkgs/p%d/p.go", p)] = b.String()
	}
	const top = `package pkgs

import (
	"robust/pkgs/p0"

	"github.com/asynclint/asynclint/asyncrt"
)

func Top(co *asyncrt.Co) {
	p0.F0()
	asyncrt.Yield(co)
}
`
	files["pkgs/top.go"] = top
	runRobustCases(t, []robustCase{{
		name:  "chains and cycles",
		files: files,
		code:  exitFindings,
		findings: []string{
			"blocking chain/chain.go:" + at(chainSrc, "f0()"),
			"blocking chain/chain.go:" + at(chainSrc, "r0(0)"),
			"blocking pkgs/top.go:" + at(top, "p0.F0()"),
			"doublelock chain/chain.go:" + at(chainSrc, "l0()"),
			"lockawait chain/chain.go:" + at(chainSrc, "a0(co)"),
		},
		check: func(t *testing.T, dir, stdout string) {
			// The evidence is the shortest chain, abbreviated: its first
			// calls, "…", and the operation.
			for _, check := range []string{"blocking", "lockawait", "doublelock"} {
				for _, msg := range robustMessages(t, stdout, check) {
					if len(msg) > 400 || !strings.Contains(msg, " → … → ") {
						t.Errorf("%s: the chain in the message is not abbreviated (%d bytes): %.300s", check, len(msg), msg)
					}
				}
			}
		},
	}})
}

// Generics: generic types with methods, generic futures, constraints with
// Lock and Unlock, generic async functions, recursion through a generic
// function; the checks fire on them as on the plain forms. An instantiation
// cycle is the type checker's error.
func TestRobustGenerics(t *testing.T) {
	const src = `package gen

import (
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Box is a generic type with methods.
type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) Get(co *asyncrt.Co) T {
	b.mu.Lock()
	asyncrt.Yield(co) // held
	v := b.v
	b.mu.Unlock()
	return v
}

// F is a generic future that returns Pending without arranging a wake-up.
type F[T any] struct{ done bool }

func (f *F[T]) Poll(cx *asyncrt.Context) asyncrt.Poll[T] {
	if !f.done {
		return asyncrt.Pending[T]() // no wake
	}
	var zero T
	return asyncrt.Ready(zero)
}

var _ asyncrt.Future[int] = (*F[int])(nil)

// Pair is generic in two parameters; its Poll never wakes either.
type Pair[A, B any] struct {
	a F[A]
	b F[B]
}

func (p *Pair[A, B]) Poll(cx *asyncrt.Context) asyncrt.Poll[struct{}] {
	return asyncrt.Pending[struct{}]() // pair: no wake
}

// Locker constrains type parameters to lock-like types.
type Locker interface {
	Lock()
	Unlock()
}

func WithLock[L Locker](co *asyncrt.Co, l L) {
	l.Lock()
	asyncrt.Yield(co) // held through a type parameter
	l.Unlock()
}

// Sleepy is a generic async function.
func Sleepy[T any](co *asyncrt.Co, v T) T {
	time.Sleep(time.Millisecond) // generic
	asyncrt.Yield(co)
	return v
}

// Rec recurses through its own instantiation.
func Rec[T any](co *asyncrt.Co, n int) {
	if n > 0 {
		Rec[T](co, n-1)
		return
	}
	time.Sleep(time.Millisecond) // recursive
}

func Later[T any]() asyncrt.Future[T] { return &F[T]{} }

func Drop[T any](co *asyncrt.Co) {
	Later[T]() // dropped
}

// idle takes a co it never needs.
func idle[T any](co *asyncrt.Co, v T) T { return v }

func Use(co *asyncrt.Co) int {
	var b Box[int]
	WithLock(co, &b.mu)
	Rec[string](co, 3)
	Drop[int](co)
	return idle(co, Sleepy(co, b.Get(co))) + asyncrt.Await(co, &F[int]{})
}
`
	const cycle = `package cycle

type List[T any] struct {
	next *List[*T]
	v    T
}
`
	pos := func(marker string) string { return "gen/gen.go:" + at(src, marker) }
	runRobustCases(t, []robustCase{{
		name:  "generic code",
		files: map[string]string{"gen/gen.go": src},
		code:  exitFindings,
		findings: []string{
			"blocking " + pos("time.Sleep(time.Millisecond) // generic"),
			"blocking " + pos("time.Sleep(time.Millisecond) // recursive"),
			"droppedfuture " + pos("Later[T]() // dropped"),
			"lockawait " + pos("asyncrt.Yield(co) // held\n"),
			"lockawait " + pos("asyncrt.Yield(co) // held through"),
			"missingwake " + pos("return asyncrt.Pending[T]() // no wake"),
			"missingwake " + pos("return asyncrt.Pending[struct{}]() // pair"),
			"unusedasync " + pos("idle[T any]"),
		},
	}, {
		name:     "instantiation cycle",
		files:    map[string]string{"cycle/cycle.go": cycle, "good/good.go": goodSrc},
		code:     exitFailure,
		stderr:   []string{"cycle/cycle.go:" + at(cycle, "T any") + ": instantiation cycle"},
		findings: []string{goodFinding},
	}})
}

// Odd packages and files: empty, test-only, excluded by build constraints,
// a byte order mark, CRLF line endings, a file that is not UTF-8.
func TestRobustOddFiles(t *testing.T) {
	withText := func(pkg, note string) string {
		return "package " + pkg + `

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// ` + note + `
func Work(co *asyncrt.Co) {
	time.Sleep(time.Millisecond)
	asyncrt.Yield(co)
}
`
	}
	sleepAt := func(pkg string) string { return at(withText(pkg, "x"), "time.Sleep") }
	const ignored = "//go:build ignore\n\npackage ignored\n\nfunc F() { this is not Go\n"
	const testOnly = `package onlytest

import (
	"testing"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

func work(co *asyncrt.Co) {
	time.Sleep(time.Millisecond)
	asyncrt.Yield(co)
}

func TestWork(t *testing.T) { _ = work }
`
	latin1 := strings.Replace(withText("latin1", "café"), "é", "\xe9", 1) // ISO 8859-1
	runRobustCases(t, []robustCase{{
		name:     "empty package",
		files:    map[string]string{"empty/empty.go": "package empty\n"},
		code:     exitClean,
		findings: []string{},
	}, {
		name:     "only a test file",
		files:    map[string]string{"onlytest/onlytest_test.go": testOnly},
		code:     exitFindings,
		findings: []string{"blocking onlytest/onlytest_test.go:" + at(testOnly, "time.Sleep")},
	}, {
		// ./... skips a directory whose files are all excluded, as the go
		// command does; an ignored file next to others is not parsed.
		name: "build-ignored files, matched by ./...",
		files: map[string]string{
			"ignored/ignored.go": ignored,
			"good/good.go":       goodSrc,
			"good/gen.go":        strings.Replace(ignored, "package ignored", "package good", 1),
		},
		code:     exitFindings,
		findings: []string{goodFinding},
	}, {
		name:     "build-ignored files, named",
		files:    map[string]string{"ignored/ignored.go": ignored},
		patterns: []string{"./ignored"},
		code:     exitFailure,
		stderr:   []string{"build constraints exclude all Go files in "},
		findings: []string{},
	}, {
		name: "byte order mark and CRLF",
		files: map[string]string{
			"bom/bom.go":   "\ufeff" + withText("bom", "with a byte order mark"),
			"crlf/crlf.go": strings.ReplaceAll(withText("crlf", "with CRLF line endings"), "\n", "\r\n"),
		},
		code:     exitFindings,
		findings: []string{"blocking bom/bom.go:" + sleepAt("bom"), "blocking crlf/crlf.go:" + sleepAt("crlf")},
	}, {
		name:     "not UTF-8",
		files:    map[string]string{"latin1/latin1.go": latin1, "good/good.go": goodSrc},
		code:     exitFailure,
		stderr:   []string{"latin1/latin1.go:" + at(latin1, "\xe9") + ": illegal UTF-8 encoding"},
		findings: []string{},
	}})
}
