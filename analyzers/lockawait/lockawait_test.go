package lockawait_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/lockawait"
)

func TestLockAwait(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockawait.Analyzer, "a")
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
