package selectcancel_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/selectcancel"
)

func TestSelectCancel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), selectcancel.Analyzer, "a")
}

// recorder is an analysistest.Testing that keeps the errors instead of
// failing the test.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// A package with a type error is skipped by the driver (the check does not
// run despite errors); it must say so, not crash.
func TestTypeErrors(t *testing.T) {
	var r recorder
	analysistest.Run(&r, analysistest.TestData(), selectcancel.Analyzer, "typeerr")
	if len(r.errs) == 0 {
		t.Fatal("expected the driver to report that the analysis was skipped")
	}
	for _, e := range r.errs {
		if !strings.Contains(e, "failed prerequisites") && !strings.Contains(e, "skipped due to errors") {
			t.Errorf("unexpected error: %s", e)
		}
	}
}
