package main

// End-to-end tests: build the asynclint binary once, lay out a scratch
// module that imports this project through a replace directive and holds
// copies of the fixtures in testdata/, and run the binary on it in both
// modes, standalone and under `go vet -vettool`.
//
// The first run analyzes asyncrt's dependencies from the standard library
// (facts for every dependency); later runs with the same flags reuse vet's
// cache, so the tests keep the number of distinct flag sets small.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/asynclint/asynclint/internal/engine"
	"github.com/asynclint/asynclint/internal/suite"
)

var (
	binary   string // the asynclint binary under test
	scratch  string // the scratch module's directory
	repoRoot string
)

// fixtures are the directories of testdata/ copied into the scratch module.
var fixtures = []string{"demo", "crosspkg", "suppressed", "fixable", "broken", "configured", "settings", "withtests"}

// modulePath is the scratch module's path; fixture imports of
// github.com/asynclint/asynclint/testdata/X become modulePath/X.
const modulePath = "example.com/e2e"

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		fmt.Println("skipping the end-to-end tests in -short mode")
		os.Exit(m.Run())
	}
	os.Exit(setupAndRun(m))
}

func setupAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "asynclint-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := setup(dir); err != nil {
		fmt.Fprintln(os.Stderr, "e2e setup:", err)
		return 1
	}
	return m.Run()
}

func setup(dir string) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	repoRoot = filepath.Join(wd, "..", "..")
	binary = filepath.Join(dir, "asynclint")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("building asynclint: %v\n%s", err, out)
	}
	scratch = filepath.Join(dir, "mod")
	gomod := fmt.Sprintf("module %s\n\ngo 1.26\n\nrequire github.com/asynclint/asynclint v0.0.0\n\nreplace github.com/asynclint/asynclint => %s\n", modulePath, repoRoot)
	if err := os.MkdirAll(scratch, 0o777); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(scratch, "go.mod"), []byte(gomod), 0o666); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(scratch, "go.sum"), sum, 0o666); err != nil {
		return err
	}
	for _, f := range fixtures {
		if err := copyFixture(filepath.Join(repoRoot, "testdata", f), filepath.Join(scratch, f)); err != nil {
			return err
		}
	}
	return nil
}

// copyFixture copies a fixture directory, rewriting its imports (and the
// function names in its asynclint.toml) from the repository's testdata path
// to the scratch module's.
func copyFixture(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o777)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		data = bytes.ReplaceAll(data, []byte("github.com/asynclint/asynclint/testdata/"), []byte(modulePath+"/"))
		return os.WriteFile(target, data, 0o666)
	})
}

func env() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod "+os.Getenv("GOFLAGS"))
}

type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

func execIn(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	return execCtx(t, t.Context(), dir, name, args...)
}

// execCtx runs name in dir with the tests' environment until it exits or
// ctx ends; a run that cannot start fails the test.
func execCtx(t *testing.T, ctx context.Context, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env()
	// go vet's children may hold the pipes open after it is killed.
	cmd.WaitDelay = 10 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil && ctx.Err() == nil {
		t.Fatalf("running %s %q: %v", name, args, err)
	}
	return result{out.String(), errb.String(), code}
}

// runLint runs the binary standalone in the scratch module.
func runLint(t *testing.T, args ...string) result {
	t.Helper()
	return execIn(t, scratch, binary, args...)
}

// vet runs go vet with the binary as the vet tool in the scratch module.
func vet(t *testing.T, args ...string) result {
	t.Helper()
	return execIn(t, scratch, "go", append([]string{"vet", "-vettool=" + binary}, args...)...)
}

func skipShort(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
}

// A finding reduced to what both modes print: "check file:line:col: message"
// with the file relative to the scratch module.
type jsonDiag struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

// findingsFromJSON reads one or more x/tools JSON trees (vet prints one per
// package, asynclint one in all).
func findingsFromJSON(t *testing.T, data string) []string {
	t.Helper()
	var out []string
	dec := json.NewDecoder(strings.NewReader(data))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("bad JSON: %v\n%s", err, data)
		}
		for _, byCheck := range tree {
			for check, raw := range byCheck {
				var diags []jsonDiag
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("not a diagnostic list for %s: %s", check, raw)
				}
				for _, d := range diags {
					posn := strings.TrimPrefix(d.Posn, scratch+string(filepath.Separator))
					out = append(out, check+" "+filepath.ToSlash(posn)+": "+d.Message)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// checksOf returns the check names of findings, sorted, with repeats.
func checksOf(findings []string) []string {
	var out []string
	for _, f := range findings {
		out = append(out, strings.Fields(f)[0])
	}
	sort.Strings(out)
	return out
}

// The demo holds one instance of each pitfall, and nothing else: exactly
// one finding per check of the suite (the blocking check leaves nested
// runtimes to nestedblockon, so no pitfall is reported twice).
func TestDemo(t *testing.T) {
	skipShort(t)
	r := runLint(t, "-json", "./demo")
	if r.code != exitFindings {
		t.Fatalf("want exit 3 (findings):\n%s", r)
	}
	if r.stderr != "" {
		t.Errorf("unexpected standard error:\n%s", r)
	}
	findings := findingsFromJSON(t, r.stdout)
	got := checksOf(findings)
	want := suite.Names()
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("the demo's findings are of checks %q, want one of each check %q:\n%s", got, want, strings.Join(findings, "\n"))
	}

	// -c N shows the finding's lines with N lines around them.
	r = runLint(t, "-c", "1", "./demo")
	for _, want := range []string{
		"demo/main.go:81:2: time.Sleep blocks",
		"80\t\t// queued on it waits too. asyncrt.Sleep suspends only this task.\n81\t\ttime.Sleep(30 * time.Millisecond)\n82\t",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("-c 1 output lacks %q:\n%s", want, r)
		}
	}
}

// The two modes report the same findings, on the demo and on the
// cross-package fixture, and flags reach vet the same way.
func TestModesAgree(t *testing.T) {
	skipShort(t)
	pkgs := []string{"./demo", "./crosspkg/...", "./suppressed"}
	standalone := runLint(t, append([]string{"-json"}, pkgs...)...)
	if standalone.code != exitFindings {
		t.Fatalf("standalone: want exit 3:\n%s", standalone)
	}
	vetJSON := vet(t, append([]string{"-json"}, pkgs...)...)
	if vetJSON.code != 0 {
		t.Fatalf("go vet -json: want exit 0:\n%s", vetJSON)
	}
	a, b := findingsFromJSON(t, standalone.stdout), findingsFromJSON(t, vetJSON.stdout)
	if !slices.Equal(a, b) {
		t.Errorf("the modes disagree:\nstandalone:\n%s\n\ngo vet:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	if len(a) < 10 {
		t.Errorf("only %d findings:\n%s", len(a), strings.Join(a, "\n"))
	}

	// Plain go vet prints the same findings as text and exits 1.
	vetText := vet(t, pkgs...)
	if vetText.code != 1 {
		t.Errorf("go vet: want exit 1:\n%s", vetText)
	}
	for _, f := range a {
		_, msg, _ := strings.Cut(f, ": ")
		if !strings.Contains(vetText.stderr, msg) {
			t.Errorf("go vet's text output lacks %q", msg)
		}
	}
}

// Findings that need facts about another package.
func TestCrossPackage(t *testing.T) {
	skipShort(t)
	r := runLint(t, "-json", "./crosspkg/...")
	got := findingsFromJSON(t, r.stdout)
	want := []string{
		"blocking crosspkg/app/app.go:12:13: store.ReadConfig may block an executor worker (store.ReadConfig → store.readAll → os.ReadFile",
		"droppedfuture crosspkg/app/app.go:25:2: the asyncrt.Future[int] returned by store.Fetch is dropped",
		"lockawait crosspkg/app/app.go:19:2: r.mu is held across this call of store.Sync",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d:\n got %s\nwant %s...", i, got[i], want[i])
		}
	}
}

func TestExitCodes(t *testing.T) {
	skipShort(t)
	t.Run("clean", func(t *testing.T) {
		r := runLint(t, "./crosspkg/store")
		if r.code != exitClean || r.stdout != "" || r.stderr != "" {
			t.Errorf("want exit 0 and silence:\n%s", r)
		}
	})
	t.Run("findings", func(t *testing.T) {
		if r := runLint(t, "./crosspkg/app"); r.code != exitFindings {
			t.Errorf("want exit 3:\n%s", r)
		}
	})
	t.Run("does not compile", func(t *testing.T) {
		r := runLint(t, "./broken", "./crosspkg/app")
		if r.code != exitFailure {
			t.Errorf("want exit 1:\n%s", r)
		}
		if !strings.Contains(r.stderr, "broken.go:6:9: cannot use \"forty-two\"") {
			t.Errorf("the compiler's error is missing:\n%s", r)
		}
		if !strings.Contains(r.stdout, "store.ReadConfig may block") {
			t.Errorf("the other package was not analyzed:\n%s", r)
		}
	})
	t.Run("no packages", func(t *testing.T) {
		r := runLint(t, "./nosuchdir/...")
		if r.code != exitFailure || !strings.Contains(r.stderr, "nosuchdir") {
			t.Errorf("want exit 1 naming the pattern:\n%s", r)
		}
		// As with go vet, a pattern that matches nothing next to others
		// that match is a warning: the findings decide the exit status.
		r = runLint(t, "./crosspkg/store", "example.com/e2e/nothing/...")
		if r.code != exitClean || !strings.Contains(r.stderr, `"example.com/e2e/nothing/..." matched no packages`) {
			t.Errorf("want exit 0 and a warning:\n%s", r)
		}
	})
	t.Run("unknown flag", func(t *testing.T) {
		r := runLint(t, "-lockawiat=false", "./demo")
		if r.code != exitFailure || !strings.Contains(r.stderr, "did you mean -lockawait?") {
			t.Errorf("want exit 1 with a suggestion:\n%s", r)
		}
	})
	t.Run("unknown check", func(t *testing.T) {
		r := runLint(t, "-checks=all,-dropedfuture", "./demo")
		if r.code != exitFailure || !strings.Contains(r.stderr, `unknown check "dropedfuture" (did you mean droppedfuture?)`) {
			t.Errorf("want exit 1 with a suggestion:\n%s", r)
		}
		r = runLint(t, "-explain", "missingwak")
		if r.code != exitFailure || !strings.Contains(r.stderr, "did you mean missingwake?") {
			t.Errorf("want exit 1 with a suggestion:\n%s", r)
		}
	})
	t.Run("explain", func(t *testing.T) {
		r := runLint(t, "-explain", "blocking")
		if r.code != exitClean || !strings.HasPrefix(r.stdout, "blocking: ") || !strings.Contains(r.stdout, "docs/blocking.md") {
			t.Errorf("want the documentation:\n%s", r)
		}
	})
}

// -fix applies every fix; the result builds and lints clean.
func TestFix(t *testing.T) {
	skipShort(t)
	dir := filepath.Join(scratch, "fixcopy")
	if err := copyFixture(filepath.Join(repoRoot, "testdata", "fixable"), dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })

	before := runLint(t, "./fixcopy")
	if before.code != exitFindings || strings.Count(before.stdout, "\n") != 3 {
		t.Fatalf("want the fixture's three findings before -fix:\n%s", before)
	}
	diff := runLint(t, "-fix", "-diff", "./fixcopy")
	if diff.code != exitClean || !strings.Contains(diff.stdout, "+\tasyncrt.Await(co, asyncrt.Sleep(10*time.Millisecond))") {
		t.Errorf("-fix -diff: want the diff on standard output:\n%s", diff)
	}
	fix := runLint(t, "-fix", "./fixcopy")
	if fix.code != exitClean || fix.stdout != "" {
		t.Fatalf("-fix: want exit 0 with nothing left to report:\n%s", fix)
	}
	src, err := os.ReadFile(filepath.Join(dir, "fixable.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"asyncrt.Await(co, asyncrt.Sleep(10*time.Millisecond))", "asyncrt.Await(co, ping())"} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("fixed file lacks %q:\n%s", want, src)
		}
	}
	if bytes.Contains(src, []byte("//asynclint:ignore")) {
		t.Errorf("the unused directive is still there:\n%s", src)
	}
	if r := execIn(t, scratch, "go", "build", "./fixcopy"); r.code != 0 {
		t.Errorf("fixed code does not build:\n%s", r)
	}
	if r := runLint(t, "./fixcopy"); r.code != exitClean {
		t.Errorf("fixed code does not lint clean:\n%s", r)
	}
}

func TestSuppressions(t *testing.T) {
	skipShort(t)
	r := runLint(t, "-json", "./suppressed")
	got := findingsFromJSON(t, r.stdout)
	want := []string{
		"blocking suppressed/suppressed.go:27:2: time.Sleep blocks",
		"blocking suppressed/suppressed.go:33:2: time.Sleep blocks",
		"suppress suppressed/suppressed.go:20:2: //asynclint:ignore directive silences nothing (no blocking finding here)",
		"suppress suppressed/suppressed.go:26:2: //asynclint:ignore directive gives no reason",
		"suppress suppressed/suppressed.go:32:2: //asynclint:ignore directive names unknown check \"blockng\" (did you mean blocking?)",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d:\n got %s\nwant %s...", i, got[i], want[i])
		}
	}
}

func TestConfigFile(t *testing.T) {
	skipShort(t)
	r := runLint(t, "-json", "./configured/...")
	got := findingsFromJSON(t, r.stdout)
	// The blocking setting makes Compute blocking; the per-path disable
	// hides legacy's time.Sleep but not its dropped future.
	if len(got) != 2 || !strings.HasPrefix(got[0], "blocking configured/configured.go:19:9: configured.Compute blocks") ||
		!strings.HasPrefix(got[1], "droppedfuture configured/legacy/legacy.go:13:2:") {
		t.Errorf("findings:\n%s\n%s", strings.Join(got, "\n"), r)
	}

	// The same settings as flags, for go vet.
	flags := execIn(t, filepath.Join(scratch, "configured"), binary, "-vetflags")
	wantFlags := fmt.Sprintf("-blocking-funcs=%s/configured.Compute -disable=%s:blocking", modulePath, filepath.Join(scratch, "configured", "legacy"))
	if strings.TrimSpace(flags.stdout) != wantFlags {
		t.Errorf("-vetflags = %q, want %q\n%s", flags.stdout, wantFlags, flags)
	}
	viaVet := vet(t, append(append([]string{"-json"}, strings.Fields(flags.stdout)...), "./configured/...")...)
	if v := findingsFromJSON(t, viaVet.stdout); !slices.Equal(v, got) {
		t.Errorf("go vet with -vetflags' flags disagrees:\n%s\nvs\n%s", strings.Join(v, "\n"), strings.Join(got, "\n"))
	}

	// A mistake in the file stops the run with its position.
	bad := filepath.Join(scratch, "badconfig")
	if err := os.MkdirAll(bad, 0o777); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(bad) })
	os.WriteFile(filepath.Join(bad, "bad.go"), []byte("package badconfig\n"), 0o666)
	os.WriteFile(filepath.Join(bad, "asynclint.toml"), []byte("# comment\nchecks = [\"all\"]\nnonblocking = [\"Query\"]\n"), 0o666)
	r = runLint(t, "./badconfig")
	if r.code != exitFailure || !strings.Contains(r.stderr, "badconfig/asynclint.toml:3: nonblocking: \"Query\": a function is written with its package path") {
		t.Errorf("want exit 1 with file:line:\n%s", r)
	}
	os.WriteFile(filepath.Join(bad, "asynclint.toml"), []byte("checks = [\"all\"\n"), 0o666)
	r = runLint(t, "./badconfig")
	if r.code != exitFailure || !strings.Contains(r.stderr, "badconfig/asynclint.toml:1: expected a comma") {
		t.Errorf("want exit 1 with file:line for a syntax error:\n%s", r)
	}
}

// Under go vet, settings must be flags: vet caches results keyed on the
// tool's flags, so changing a flag changes the output (and changing it back
// restores it), with no stale cache entry in between.
func TestVetSettingsFlags(t *testing.T) {
	skipShort(t)
	plain := vet(t, "./settings")
	if plain.code != 0 || plain.stderr != "" {
		t.Fatalf("without the setting: want no findings:\n%s", plain)
	}
	set := vet(t, "-blocking-funcs="+modulePath+"/settings.Compute", "./settings")
	if set.code != 1 || !strings.Contains(set.stderr, "settings.go:19:9: settings.Compute blocks an executor worker") {
		t.Fatalf("with -blocking-funcs: want the finding:\n%s", set)
	}
	again := vet(t, "./settings")
	if again.code != 0 || again.stderr != "" {
		t.Fatalf("without the setting again: want no findings:\n%s", again)
	}
}

func TestTestFlag(t *testing.T) {
	skipShort(t)
	if r := runLint(t, "./withtests"); r.code != exitFindings || !strings.Contains(r.stdout, "withtests_test.go:12:2") {
		t.Errorf("findings in tests are reported by default:\n%s", r)
	}
	if r := runLint(t, "-test=false", "./withtests"); r.code != exitClean {
		t.Errorf("-test=false: want no findings:\n%s", r)
	}
	if r := vet(t, "-test=false", "./withtests"); r.code != 0 {
		t.Errorf("go vet -test=false: want no findings:\n%s", r)
	}
}

func TestVetProtocol(t *testing.T) {
	skipShort(t)
	r := execIn(t, scratch, binary, "-V=full")
	if f := strings.Fields(r.stdout); r.code != 0 || len(f) != 5 || f[1] != "version" || f[2] != "devel" || !strings.HasPrefix(f[4], "buildID=") {
		t.Errorf("-V=full: %s", r)
	}
	r = execIn(t, scratch, binary, "-flags")
	var flags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil {
		t.Fatalf("-flags: %v\n%s", err, r)
	}
	have := make(map[string]bool)
	for _, f := range flags {
		have[f.Name] = f.Bool
	}
	for name, isBool := range map[string]bool{"checks": false, "blocking": true, "missingwake": true, "test": true,
		"blocking-funcs": false, "nonblocking-funcs": false, "lock-types": false, "disable": false, "json": true} {
		if b, ok := have[name]; !ok || b != isBool {
			t.Errorf("-flags: %s missing or wrong kind (have %v, %v)", name, b, ok)
		}
	}
	if _, ok := have["fix"]; ok {
		t.Errorf("-flags lists -fix, which go vet handles itself")
	}
}

// -sarif output is valid SARIF 2.1.0 (checked against the official schema
// in testdata/sarif) and carries the same findings as the text output.
func TestSARIF(t *testing.T) {
	skipShort(t)
	pkgs := []string{"./demo", "./crosspkg/...", "./suppressed"}
	r := runLint(t, append([]string{"-sarif"}, pkgs...)...)
	if r.code != exitFindings {
		t.Fatalf("want exit 3:\n%s", r)
	}
	sch, err := jsonschema.NewCompiler().Compile(filepath.Join(repoRoot, "testdata", "sarif", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("-sarif output is not valid SARIF 2.1.0: %v", err)
	}

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string `json:"id"`
						HelpURI          string `json:"helpUri"`
						ShortDescription struct{ Text string }
						FullDescription  struct{ Text string }
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	var ids []string
	for _, rule := range run.Tool.Driver.Rules {
		ids = append(ids, rule.ID)
		if rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" ||
			rule.HelpURI != "https://github.com/asynclint/asynclint/blob/main/docs/"+rule.ID+".md" {
			t.Errorf("rule %s lacks metadata: %+v", rule.ID, rule)
		}
	}
	var want []string
	for _, c := range documented() {
		want = append(want, c.Analyzer.Name)
	}
	if !slices.Equal(ids, want) {
		t.Errorf("rules %q, want %q", ids, want)
	}
	text := findingsFromJSON(t, runLint(t, append([]string{"-json"}, pkgs...)...).stdout)
	if len(run.Results) != len(text) {
		t.Errorf("%d SARIF results, %d findings", len(run.Results), len(text))
	}
	for _, res := range run.Results {
		uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if strings.HasPrefix(uri, "/") || strings.HasPrefix(uri, "file:") {
			t.Errorf("result URI %q is not relative to the working directory", uri)
		}
	}
}

// The engine API the language server uses: an overlay (an unsaved buffer)
// replaces a file's contents, and findings refer to the original file.
func TestEngineOverlay(t *testing.T) {
	skipShort(t)
	file := filepath.Join(scratch, "crosspkg", "store", "store.go")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The edit adds a blocking call to an async helper of package store.
	edited := bytes.Replace(orig, []byte("\tasyncrt.Yield(co)\n}"), []byte("\tasyncrt.Yield(co)\n\ttime.Sleep(1)\n}"), 1)
	edited = bytes.Replace(edited, []byte("\"os\"\n"), []byte("\"os\"\n\t\"time\"\n"), 1)
	known := engine.Known(suite.All())
	req := engine.Request{
		Dir:      scratch,
		Patterns: []string{"./crosspkg/store"},
		Env:      env(),
		Tool:     binary,
		Known:    known,
		Overlay:  map[string][]byte{file: edited},
	}
	res, err := engine.Run(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Check != "blocking" || res.Findings[0].Pos.Filename != file {
		t.Fatalf("want one blocking finding in %s, got %+v (failures %v)", file, res.Findings, res.Failures)
	}
	req.Overlay = nil
	res, err = engine.Run(t.Context(), req)
	if err != nil || len(res.Findings) != 0 || res.Failed() {
		t.Errorf("without the overlay: want nothing, got %+v, %v, %v", res.Findings, res.Failures, err)
	}
}
