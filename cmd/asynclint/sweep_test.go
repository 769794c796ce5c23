package main

import (
	"encoding/json"
	"io"
	"os"
	"sort"
	"strings"
	"testing"
)

// TestSweep is the robustness sweep: every check over real code that does
// not use asyncrt, under go vet, asserting no panic and no analyzer error;
// findings there are false positives and fail the sweep too. It runs only
// when ASYNCLINT_SWEEP names the packages (.ci/sweep sets it to "std"):
//
//	ASYNCLINT_SWEEP=std go test ./cmd/asynclint -run TestSweep -v
//
// ASYNCLINT_SWEEP_DIR, if set, is the directory go vet runs in (a module
// that requires the third-party modules to sweep); the default is this
// repository. Packages that do not type-check (none in std) fail the sweep.
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
	var findings, errs []string
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
					findings = append(findings, d.Posn+": "+d.Message+" ("+check+")")
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
	t.Logf("swept %q: %d packages with output, %d analyzer errors, %d findings", patterns, packages, len(errs), len(findings))
}
