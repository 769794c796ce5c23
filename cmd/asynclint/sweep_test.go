package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestSweep is the robustness sweep: every check over real code that does
// not use asyncrt, under go vet, asserting no panic and no analyzer error.
// A finding of an asyncrt check there is a false positive and fails the
// sweep. The Go-native lock checks (goNativeChecks) apply to any Go code:
// each of their findings must be one reviewed, with a verdict, in
// docs/lockchecks-review.md, so a new one fails the sweep until someone
// has looked at it. It runs only
// when ASYNCLINT_SWEEP names the packages (.ci/sweep sets it to "std"):
//
//	ASYNCLINT_SWEEP=std go test ./cmd/asynclint -run TestSweep -v
//
// ASYNCLINT_SWEEP_DIR, if set, is the directory go vet runs in (a module
// that requires the third-party modules to sweep); the default is this
// repository. ASYNCLINT_SWEEP_MODULE, if set, is the module path@version
// that directory is a copy of: positions in it are named by the module
// (as in the module cache) in output and in the review. Packages that do
// not type-check (none in std) fail the sweep.
func TestSweep(t *testing.T) {
	patterns := strings.Fields(os.Getenv("ASYNCLINT_SWEEP"))
	if len(patterns) == 0 {
		t.Skip("set ASYNCLINT_SWEEP to the packages to sweep, e.g. ASYNCLINT_SWEEP=std")
	}
	skipShort(t)
	dir := repoRoot
	if d := os.Getenv("ASYNCLINT_SWEEP_DIR"); d != "" {
		dir = d
	}
	r := execIn(t, dir, "go", append([]string{"vet", "-vettool=" + binary, "-json"}, patterns...)...)
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("a check panicked:\n%s", r.stderr)
	}
	if r.code != 0 {
		t.Errorf("go vet failed (exit %d):\n%s", r.code, r.stderr)
	}
	var findings, reviewedFindings, errs []string
	review, err := os.ReadFile(filepath.Join(repoRoot, "docs", "lockchecks-review.md"))
	if err != nil {
		t.Fatal(err)
	}
	packages := 0
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("bad JSON from go vet: %v", err)
		}
		for pkg, byCheck := range tree {
			packages++
			for check, raw := range byCheck {
				if strings.HasPrefix(strings.TrimSpace(string(raw)), "{") {
					errs = append(errs, pkg+": "+check+": "+string(raw))
					continue
				}
				var diags []jsonDiag
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("bad diagnostics for %s %s: %v", pkg, check, err)
				}
				for _, d := range diags {
					if mod := os.Getenv("ASYNCLINT_SWEEP_MODULE"); mod != "" && dir != repoRoot {
						d.Posn = strings.Replace(d.Posn, filepath.Clean(dir)+string(filepath.Separator), mod+"/", 1)
					}
					f := d.Posn + ": " + d.Message + " (" + check + ")"
					if goNativeChecks[check] {
						reviewedFindings = append(reviewedFindings, f)
						if !reviewed(review, check, d.Posn) {
							t.Errorf("finding of %s not reviewed in docs/lockchecks-review.md (add it with a verdict, or fix the check): %s", check, f)
						}
						continue
					}
					findings = append(findings, f)
				}
			}
		}
	}
	sort.Strings(errs)
	sort.Strings(findings)
	for _, e := range errs {
		t.Errorf("analyzer error: %s", e)
	}
	for _, f := range findings {
		t.Errorf("finding in code that does not use asyncrt (a false positive): %s", f)
	}
	for _, f := range reviewedFindings {
		t.Logf("reviewed finding: %s", f)
	}
	t.Logf("swept %q: %d packages with output, %d analyzer errors, %d findings of asyncrt checks, %d reviewed findings of the Go-native lock checks",
		patterns, packages, len(errs), len(findings), len(reviewedFindings))
}

// goNativeChecks need no asyncrt: they find lock bugs in any Go code, so
// their findings on the sweep's corpus are reviewed rather than forbidden.
var goNativeChecks = map[string]bool{"doublelock": true, "forgetunlock": true, "lockorder": true, "lockblock": true}

// reviewed reports whether the findings table of doc (the text of
// docs/lockchecks-review.md) has a row for check at posn
// ("/usr/local/go/src/testing/testing.go:1442:4" is matched by a row naming
// "testing/testing.go:1442").
func reviewed(doc []byte, check, posn string) bool {
	// file:line:col → file:line; the row names the path below the module
	// or GOROOT/src, so compare by suffix.
	fileLine := posn
	if i := strings.LastIndex(fileLine, ":"); i > 0 {
		fileLine = fileLine[:i]
	}
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 {
			continue
		}
		rowCheck, rowPos := strings.TrimSpace(cells[2]), strings.TrimSpace(cells[3])
		if rowCheck == check && rowPos != "" && (fileLine == rowPos || strings.HasSuffix(fileLine, "/"+rowPos)) {
			return true
		}
	}
	return false
}

func TestReviewedMatchesRowsOfTheReview(t *testing.T) {
	doc := []byte("| # | Check | Position | Verdict |\n|---|---|---|---|\n| 1 | forgetunlock | testing/testing.go:1442 | Real hazard. |\n")
	for _, tc := range []struct {
		check, posn string
		want        bool
	}{
		{"forgetunlock", "/usr/local/go/src/testing/testing.go:1442:4", true},
		{"doublelock", "/usr/local/go/src/testing/testing.go:1442:4", false},   // another check
		{"forgetunlock", "/usr/local/go/src/testing/testing.go:1443:4", false}, // another line
		{"forgetunlock", "/x/mytesting/testing.go:1442:4", false},              // only a suffix of a name
	} {
		if got := reviewed(doc, tc.check, tc.posn); got != tc.want {
			t.Errorf("reviewed(%s, %s) = %v, want %v", tc.check, tc.posn, got, tc.want)
		}
	}
}
