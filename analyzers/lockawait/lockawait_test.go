package lockawait_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/lockawait"
)

func TestLockAwait(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockawait.Analyzer, "a")
	// Every finding points at the Lock call(s) that reach the await, and
	// helper acquisitions name the helper.
	related := map[string]bool{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.Related) == 0 {
				t.Errorf("%v: no related Lock position: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
			for _, rel := range d.Related {
				p := r.Pass.Fset.Position(rel.Pos)
				related[fmt.Sprintf("%s:%d: %s", filepath.Base(p.Filename), p.Line, rel.Message)] = true
			}
		}
	}
	for _, want := range []string{
		"positive.go:21: s.mu locked here",                                  // basic
		"positive.go:43: s.mu locked here",                                  // oneBranch
		"positive.go:139: s.mu locked here by (*a.Server).lock",             // lockedByHelper
		"positive.go:145: st.Mutex locked here by (*helpers.Store).Acquire", // lockedByOtherPackage
	} {
		if !related[want] {
			t.Errorf("missing related information %q", want)
		}
	}
}

// recorder is an analysistest.Testing that keeps the errors instead of
// failing the test.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// A package with a type error cannot be built into SSA; the check must
// skip it without crashing, and say why through the driver.
func TestTypeErrors(t *testing.T) {
	var r recorder
	analysistest.Run(&r, analysistest.TestData(), lockawait.Analyzer, "typeerr")
	if len(r.errs) == 0 {
		t.Fatal("expected the driver to report that analysis was skipped")
	}
	for _, e := range r.errs {
		if !strings.Contains(e, "failed prerequisites") && !strings.Contains(e, "skipped due to errors") {
			t.Errorf("unexpected error: %s", e)
		}
	}
}

// TestMore runs the second set of realistic cases (package b and the
// helper package it imports).
func TestMore(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockawait.Analyzer, "b")
}
