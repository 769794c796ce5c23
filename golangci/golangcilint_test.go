package golangci_test

// The integration test: build golangci-lint with the plugin the way
// `golangci-lint custom` does, and run it. Building takes minutes, so the
// test runs only with ASYNCLINT_GOLANGCI=1 (.ci/run sets it) and keeps the
// binary in a cache keyed by everything that goes into it.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/asynclint/asynclint/internal/suite"
	"github.com/asynclint/asynclint/internal/suppress"
)

const suppressName = suppress.Name

const (
	// envRun enables the test; envCache overrides where built binaries are
	// kept (default: the user cache directory's asynclint-golangci).
	envRun   = "ASYNCLINT_GOLANGCI"
	envCache = "ASYNCLINT_GOLANGCI_CACHE"

	// golangciModule is golangci-lint's module; the version comes from
	// example/.custom-gcl.yml: the test builds what that file describes.
	golangciModule = "github.com/golangci/golangci-lint/v2"

	// lintModule is the path of the scratch module the linter runs on; the
	// fixtures' imports of .../testdata/X become lintModule/X.
	lintModule = "example.com/service"

	// recipe changes when the way the binary is built changes, so that a
	// cached binary from an older recipe is not reused.
	recipe = "custom-gcl main.go+plugins.go, go mod tidy, go build -ldflags=-s -w (1)"
)

func TestGolangciLint(t *testing.T) {
	if os.Getenv(envRun) != "1" {
		t.Skipf("set %s=1 to build golangci-lint with the plugin and run it (takes minutes; .ci/run does)", envRun)
	}
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	custom := readCustomGCL(t, filepath.Join(repo, "golangci", "example", ".custom-gcl.yml"))
	bin := customGolangciLint(t, repo, custom)
	mod := scratchModule(t, repo)
	cache := t.TempDir() // golangci-lint's own cache, shared by the runs below

	exampleConfig, err := os.ReadFile(filepath.Join(repo, "golangci", "example", ".golangci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	// The example as shipped, over the demo, the cross-package fixture and
	// a file of directives.
	base := runLinter(t, bin, mod, cache, "example", string(exampleConfig))
	if base.code != 1 {
		t.Fatalf("want exit status 1 (issues found):\n%s", base)
	}

	t.Run("every check", func(t *testing.T) {
		for _, check := range suite.Names() {
			if !slices.ContainsFunc(base.findings, func(f string) bool { return strings.HasPrefix(f, check+" demo/") }) {
				t.Errorf("the demo has no %s finding:\n%s", check, strings.Join(base.findings, "\n"))
			}
		}
	})

	t.Run("cross-package facts", func(t *testing.T) {
		var got []string
		for _, f := range base.findings {
			if strings.Contains(f, " crosspkg/") && !strings.Contains(f, "(related information)") {
				got = append(got, f)
			}
		}
		// The findings `asynclint ./crosspkg/...` reports (cmd/asynclint's
		// TestCrossPackage): each needs facts about package store.
		want := []string{
			"blocking crosspkg/app/app.go:12:13: store.ReadConfig may block an executor worker (store.ReadConfig → store.readAll → os.ReadFile",
			"droppedfuture crosspkg/app/app.go:25:2: the asyncrt.Future[int] returned by store.Fetch is dropped",
			"lockawait crosspkg/app/app.go:19:2: r.mu is held across this call of store.Sync",
		}
		if len(got) != len(want) {
			t.Fatalf("got %d findings in crosspkg, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("finding %d:\n got %s\nwant %s...", i, got[i], want[i])
			}
		}
	})

	t.Run("same findings as the command line", func(t *testing.T) {
		// The command line leaves //nolint to golangci-lint, so it reports
		// the one finding under //nolint:asynclint that golangci-lint drops.
		cli := commandLineFindings(t, repo, mod)
		nolint := "blocking directives/directives.go:11:2:"
		var want []string
		sawNolint := false
		for _, f := range cli {
			if strings.HasPrefix(f, nolint) {
				sawNolint = true
				continue
			}
			want = append(want, f)
		}
		if !sawNolint {
			t.Errorf("the command line has no finding at %s, so the //nolint case shows nothing:\n%s", nolint, strings.Join(cli, "\n"))
		}
		if !slices.Equal(base.findings, want) {
			t.Errorf("golangci-lint and the command line disagree:\ngolangci-lint:\n%s\n\nasynclint (without the //nolint line):\n%s",
				strings.Join(base.findings, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("directives", func(t *testing.T) {
		// directives.go: a //nolint:asynclint line (dropped by golangci-lint),
		// an //asynclint:ignore line (dropped by the plugin), a plain finding,
		// and an //asynclint:ignore that silences nothing (reported).
		var got []string
		for _, f := range base.findings {
			if strings.Contains(f, " directives/") {
				got = append(got, f)
			}
		}
		want := []string{
			"blocking directives/directives.go:21:2: time.Sleep",
			"suppress directives/directives.go:25:2: //asynclint:ignore directive silences nothing (no blocking finding here)",
		}
		if len(got) != len(want) {
			t.Fatalf("directives: got\n%s\nwant findings starting\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("directives finding %d:\n got %s\nwant %s...", i, got[i], want[i])
			}
		}
	})

	t.Run("sarif", func(t *testing.T) {
		validateSARIF(t, filepath.Join(repo, "testdata", "sarif", "sarif-schema-2.1.0.json"), base.sarif)
		var doc struct {
			Runs []struct {
				Results []struct {
					RuleID  string `json:"ruleId"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
							Region struct {
								StartLine int `json:"startLine"`
							} `json:"region"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(base.sarif, &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Runs) != 1 {
			t.Fatalf("%d runs in the SARIF output, want 1", len(doc.Runs))
		}
		var got []string
		for _, r := range doc.Runs[0].Results {
			if r.RuleID != "asynclint" || len(r.Locations) != 1 {
				t.Errorf("result %+v: want rule asynclint and one location", r)
				continue
			}
			loc := r.Locations[0].PhysicalLocation
			got = append(got, fmt.Sprintf("%s:%d: %s", loc.ArtifactLocation.URI, loc.Region.StartLine, r.Message.Text))
		}
		var want []string
		for _, f := range base.issues {
			want = append(want, fmt.Sprintf("%s:%d: %s", f.Pos.Filename, f.Pos.Line, f.Text))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("the SARIF results differ from the findings:\nSARIF:\n%s\n\nfindings:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("disable one check", func(t *testing.T) {
		cfg := replaceOnce(t, string(exampleConfig), `checks: ["all"]`, `checks: ["all", "-lockawait"]`)
		r := runLinter(t, bin, mod, cache, "no-lockawait", cfg)
		var want []string
		removed := 0
		for _, f := range base.findings {
			if checkOf(f) == "lockawait" {
				removed++
				continue
			}
			want = append(want, f)
		}
		if removed == 0 {
			t.Fatal("the base run has no lockawait finding to remove")
		}
		if !slices.Equal(r.findings, want) {
			t.Errorf("with lockawait disabled, want the other %d findings unchanged:\ngot\n%s\n\nwant\n%s", len(want), strings.Join(r.findings, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("settings reach the analysis", func(t *testing.T) {
		sum := lintModule + "/crosspkg/store.Sum"
		cfg := replaceOnce(t, string(exampleConfig), `blocking: ["example.com/service/db.(*Conn).Query"]`, `blocking: ["`+sum+`"]`)
		r := runLinter(t, bin, mod, cache, "blocking-sum", cfg)
		var added []string
		for _, f := range r.findings {
			if !slices.Contains(base.findings, f) {
				added = append(added, f)
			}
		}
		want := "blocking crosspkg/app/app.go:13:9: store.Sum"
		if len(added) != 1 || !strings.HasPrefix(added[0], want) || len(r.findings) != len(base.findings)+1 {
			t.Errorf("listing %s as blocking: want exactly one new finding %s..., got new\n%s", sum, want, strings.Join(added, "\n"))
		}
	})

	t.Run("per-path disable", func(t *testing.T) {
		cfg := replaceOnce(t, string(exampleConfig), `internal/legacy: ["blocking"]`, `directives: ["blocking"]`)
		r := runLinter(t, bin, mod, cache, "disable-path", cfg)
		// blocking is off under directives/: its finding goes, and so does
		// the report of the ignore directive for it (a directive for a check
		// that does not run there is neither used nor unused).
		var want []string
		for _, f := range base.findings {
			if !strings.Contains(f, " directives/") {
				want = append(want, f)
			}
		}
		if len(want) != len(base.findings)-2 || !slices.Equal(r.findings, want) {
			t.Errorf("with blocking disabled under directives/, want the base findings but the 2 there:\ngot\n%s\n\nbase\n%s",
				strings.Join(r.findings, "\n"), strings.Join(base.findings, "\n"))
		}
	})

	t.Run("bad settings", func(t *testing.T) {
		for _, tc := range []struct{ old, new, want string }{
			{`lock_types:`, `lock-types:`, `unknown setting "lock-types" (did you mean lock_types?); the settings are checks, blocking, nonblocking, lock_types, disable`},
			{`checks: ["all"]`, `checks: all`, `checks: want a list of strings, e.g. ["a", "b"], not a string`},
			{`checks: ["all"]`, `checks: ["all", "-lockawiat"]`, `checks: unknown check "lockawiat" (did you mean lockawait?)`},
			{`nonblocking: ["example.com/service/cache.Get"]`, `nonblocking: ["Get"]`, `nonblocking: "Get": a function is written with its package path`},
		} {
			cfg := replaceOnce(t, string(exampleConfig), tc.old, tc.new)
			r := runLinter(t, bin, mod, cache, "bad", cfg)
			if r.code == 0 || r.code == 1 || !strings.Contains(r.stderr, "asynclint settings: "+tc.want) {
				t.Errorf("%s: want a failure naming the setting (%q):\n%s", tc.new, tc.want, r)
			}
		}
	})
}

// customGCL is what the test takes from example/.custom-gcl.yml.
type customGCL struct {
	version, module, importPath string
}

// readCustomGCL reads the fields of the example .custom-gcl.yml that the
// build reproduces. The file is simple enough for line patterns, which keep
// a YAML parser out of the module's dependencies.
func readCustomGCL(t *testing.T, path string) customGCL {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	field := func(re string) string {
		m := regexp.MustCompile(`(?m)` + re + `\s*$`).FindSubmatch(data)
		if m == nil {
			t.Fatalf("%s has no line matching %s", path, re)
		}
		return string(m[1])
	}
	c := customGCL{
		version:    field(`^version: (v[0-9.]+)`),
		module:     field(`^  - module: (\S+)`),
		importPath: field(`^    import: (\S+)`),
	}
	if c.module != "github.com/asynclint/asynclint" || c.importPath != c.module+"/golangci" {
		t.Fatalf("%s names module %s, import %s; want this module and this package", path, c.module, c.importPath)
	}
	return c
}

// customGolangciLint returns a golangci-lint built with the plugin from the
// checkout at repo, building it if the cache has none for these inputs.
func customGolangciLint(t *testing.T, repo string, c customGCL) string {
	t.Helper()
	key := buildKey(t, repo, c)
	root := os.Getenv(envCache)
	if root == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			t.Fatalf("no cache directory (set %s): %v", envCache, err)
		}
		root = filepath.Join(dir, "asynclint-golangci")
	}
	bin := filepath.Join(root, key, "golangci-lint")
	if _, err := os.Stat(bin); err == nil {
		t.Logf("custom golangci-lint %s: cached at %s", c.version, bin)
		return bin
	}

	if err := os.MkdirAll(root, 0o777); err != nil {
		t.Fatal(err)
	}
	work, err := os.MkdirTemp(root, "build-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(work)
	start := time.Now()
	buildCustom(t, work, repo, key, c)
	t.Logf("custom golangci-lint %s: built in %s (%d CPUs%s)", c.version, time.Since(start).Round(time.Second), runtime.NumCPU(), loadAverage())

	// Publish atomically. A concurrent run may have published the same key
	// first: its binary will do.
	if err := os.Rename(filepath.Join(work, "out"), filepath.Join(root, key)); err != nil {
		if _, statErr := os.Stat(bin); statErr != nil {
			t.Fatal(err)
		}
	}
	// Drop the binaries of older inputs: each is some 50 MB.
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.IsDir() && e.Name() != key && regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(e.Name()) {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
	return bin
}

// buildCustom reproduces `golangci-lint custom` (pkg/commands/internal in
// golangci-lint) in work, leaving the binary in work/out: it clones golangci-lint at the version, rewrites
// cmd/golangci-lint/plugins.go to blank-import each plugin, adds a replace
// for a local plugin, runs go mod tidy and go build with its ldflags. Here
// golangci-lint's sources come from the Go module proxy instead of a clone:
// a module whose main package is golangci-lint's cmd/golangci-lint/main.go,
// copied unchanged, next to the generated plugins.go.
func buildCustom(t *testing.T, work, repo, key string, c customGCL) {
	t.Helper()
	src := goCmd(t, work, "mod", "download", "-json", golangciModule+"@"+c.version)
	var dl struct{ Dir, Error string }
	if err := json.Unmarshal([]byte(src), &dl); err != nil || dl.Dir == "" {
		t.Fatalf("go mod download %s@%s: %v %s", golangciModule, c.version, err, dl.Error)
	}
	mainGo, err := os.ReadFile(filepath.Join(dl.Dir, "cmd", "golangci-lint", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	plugins := fmt.Sprintf("package main\n\nimport (\n\t_ %q\n)\n", c.importPath)
	gomod := fmt.Sprintf("module example.com/custom-gcl\n\ngo 1.26.0\n\nrequire (\n\t%s %s\n\t%s v0.0.0\n)\n\nreplace %s => %s\n",
		golangciModule, c.version, c.module, c.module, repo)
	for name, data := range map[string][]byte{"main.go": mainGo, "plugins.go": []byte(plugins), "go.mod": []byte(gomod)} {
		if err := os.WriteFile(filepath.Join(work, name), data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	goCmd(t, work, "mod", "tidy")
	// golangci-lint salts its cache with the version: the key makes it
	// differ between plugin sources, as custom's hash of the plugin does.
	version := c.version + "-custom-gcl-" + key
	if err := os.Mkdir(filepath.Join(work, "out"), 0o777); err != nil {
		t.Fatal(err)
	}
	goCmd(t, work, "build", "-ldflags",
		fmt.Sprintf("-s -w -X 'main.version=%s' -X 'main.date=%s'", version, time.Now().UTC()),
		"-o", filepath.Join("out", "golangci-lint"), ".")
}

// loadAverage returns ", load average L" where the system says (Linux).
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return ", load average " + strings.Join(strings.Fields(string(data))[:3], " ")
}

func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s in %s: %v\n%s%s", strings.Join(args, " "), dir, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// buildKey hashes everything the binary is made of: the recipe, the
// golangci-lint version and plugin, the Go toolchain and platform, and the
// checkout's go.mod, go.sum and non-test Go sources (the replace makes them
// part of the build).
func buildKey(t *testing.T, repo string, c customGCL) string {
	t.Helper()
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s@%s\n%s %s\n", recipe, golangciModule, c.version, c.module, c.importPath)
	fmt.Fprintf(h, "%s", goCmd(t, repo, "env", "GOVERSION", "GOOS", "GOARCH", "GOEXPERIMENT", "CGO_ENABLED"))
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != repo && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if path == filepath.Join(repo, "go.mod") || path == filepath.Join(repo, "go.sum") ||
			strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(repo, path)
			fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// scratchModule makes the module the linter runs on, as a user's module
// depending on asynclint: the demo, the cross-package fixture, and a file of
// directives, with a replace pointing at the checkout.
func scratchModule(t *testing.T, repo string) string {
	t.Helper()
	mod := t.TempDir()
	gomod := fmt.Sprintf("module %s\n\ngo 1.26\n\nrequire github.com/asynclint/asynclint v0.0.0\n\nreplace github.com/asynclint/asynclint => %s\n", lintModule, repo)
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum, "directives/directives.go": []byte(directivesGo)}
	for _, fixture := range []string{"demo", "crosspkg"} {
		dir := filepath.Join(repo, "testdata", fixture)
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join(repo, "testdata"), path)
			files[rel] = bytes.ReplaceAll(data, []byte("github.com/asynclint/asynclint/testdata/"), []byte(lintModule+"/"))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		path := filepath.Join(mod, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return mod
}

// directivesGo has one finding under //nolint:asynclint (line 11), one under
// //asynclint:ignore (line 16), one plain (line 21) and a directive that
// silences nothing (line 25).
const directivesGo = `package directives

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Nolint's finding is dropped by golangci-lint's //nolint.
func Nolint(co *asyncrt.Co) {
	time.Sleep(time.Millisecond) //nolint:asynclint // the fixture shows //nolint
}

// Ignored's finding is dropped by the plugin's directive handling.
func Ignored(co *asyncrt.Co) {
	time.Sleep(time.Millisecond) //asynclint:ignore blocking the fixture shows the directive
}

// Reported's finding is reported.
func Reported(co *asyncrt.Co) {
	time.Sleep(time.Millisecond)
}

func unused() {
	//asynclint:ignore blocking nothing here blocks in async context
	_ = 1
}
`

// A run is one golangci-lint run's outcome.
type run struct {
	code           int
	stdout, stderr string
	issues         []issue
	// findings are the issues as "check file:line:col: message", sorted,
	// the form cmd/asynclint's tests use.
	findings []string
	sarif    []byte
}

type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
}

func (r run) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// runLinter runs `golangci-lint run ./...` in the module with the
// configuration text, the issues written as JSON and SARIF.
func runLinter(t *testing.T, bin, mod, cache, name, config string) run {
	t.Helper()
	out := t.TempDir()
	cfgPath := filepath.Join(mod, ".golangci-"+name+".yml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o666); err != nil {
		t.Fatal(err)
	}
	jsonPath, sarifPath := filepath.Join(out, "issues.json"), filepath.Join(out, "issues.sarif")
	cmd := exec.Command(bin, "run", "--config", cfgPath,
		"--output.text.path=stdout", "--output.json.path="+jsonPath, "--output.sarif.path="+sarifPath, "./...")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache, "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := run{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	t.Logf("golangci-lint run (%s): exit %d in %s", name, r.code, time.Since(start).Round(100*time.Millisecond))
	if r.code > 1 {
		return r // a failure: no output files
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatalf("no JSON output: %v\n%s", err, r)
	}
	var doc struct{ Issues []issue }
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("bad JSON output: %v\n%s", err, data)
	}
	r.issues = doc.Issues
	for _, is := range doc.Issues {
		if is.FromLinter != "asynclint" {
			t.Errorf("an issue from %s: %+v", is.FromLinter, is)
			continue
		}
		check, msg, ok := strings.Cut(is.Text, ": ")
		if name := strings.TrimSuffix(check, "(related information)"); !ok || name != suppressName && !slices.Contains(suite.Names(), name) {
			t.Errorf("issue text %q does not start with its check's name", is.Text)
		}
		r.findings = append(r.findings, fmt.Sprintf("%s %s:%d:%d: %s", check, filepath.ToSlash(is.Pos.Filename), is.Pos.Line, is.Pos.Column, msg))
	}
	slices.Sort(r.findings)
	if r.sarif, err = os.ReadFile(sarifPath); err != nil {
		t.Fatalf("no SARIF output: %v", err)
	}
	return r
}

// commandLineFindings runs cmd/asynclint -json over the module, in the same
// form as run.findings.
func commandLineFindings(t *testing.T, repo, mod string) []string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "asynclint")
	goCmd(t, repo, "build", "-o", bin, "./cmd/asynclint")
	cmd := exec.Command(bin, "-json", "./...")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 {
			t.Fatalf("asynclint -json ./...: %v, want exit status 3\n%s%s", err, stdout.String(), stderr.String())
		}
	}
	type diag struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
		Related []struct {
			Posn    string `json:"posn"`
			Message string `json:"message"`
		} `json:"related"`
	}
	var tree map[string]map[string][]diag
	if err := json.Unmarshal(stdout.Bytes(), &tree); err != nil {
		t.Fatalf("asynclint -json: %v\n%s", err, stdout.String())
	}
	var out []string
	for _, byCheck := range tree {
		for check, diags := range byCheck {
			for _, d := range diags {
				out = append(out, check+" "+relPosn(mod, d.Posn)+": "+d.Message)
				// golangci-lint reports related positions as issues of their own.
				for _, r := range d.Related {
					out = append(out, check+"(related information) "+relPosn(mod, r.Posn)+": "+r.Message)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func relPosn(mod, posn string) string {
	return filepath.ToSlash(strings.TrimPrefix(posn, mod+string(filepath.Separator)))
}

// checkOf returns the check a finding belongs to.
func checkOf(finding string) string {
	check, _, _ := strings.Cut(finding, " ")
	check, _, _ = strings.Cut(check, "(") // "lockawait(related information)"
	return check
}

func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if strings.Count(s, old) != 1 {
		t.Fatalf("the example .golangci.yml should contain %q once", old)
	}
	return strings.Replace(s, old, new, 1)
}

func validateSARIF(t *testing.T, schemaPath string, data []byte) {
	t.Helper()
	sch, err := jsonschema.NewCompiler().Compile(schemaPath)
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the SARIF output is not JSON: %v\n%s", err, data)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("the SARIF output does not match the 2.1.0 schema: %v\n%s", err, data)
	}
}
