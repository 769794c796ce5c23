package blocking_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/asynclint/asynclint/analyzers/blocking"
	"github.com/asynclint/asynclint/internal/settings"
)

func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "a")

	// The report at a call into a helper of the same package points at the
	// blocking operation with related information.
	found := false
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if !strings.HasPrefix(d.Message, "a.pause may block") {
				continue
			}
			if len(d.Related) != 1 {
				t.Errorf("%s: want 1 related position, got %d", d.Message, len(d.Related))
				continue
			}
			rel := d.Related[0]
			pos := r.Pass.Fset.Position(rel.Pos)
			line := lineOf(t, pos.Filename, pos.Line)
			if !strings.Contains(line, "time.Sleep") || !strings.HasPrefix(rel.Message, "time.Sleep blocks here") {
				t.Errorf("related %q at %s (%q), want the time.Sleep in nap", rel.Message, pos, line)
			}
			found = true
		}
	}
	if !found {
		t.Error("no report for a.pause")
	}
}

func TestFixes(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), blocking.Analyzer, "fixes", "noimport")

	// The fixed files are also formatted with unused imports removed by the
	// test driver; check that the fix itself drops the time import of
	// sole.go, so that drivers which do not clean imports get code that
	// compiles.
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, f := range d.SuggestedFixes {
				for _, e := range f.TextEdits {
					p := r.Pass.Fset.Position(e.Pos)
					if strings.HasSuffix(p.Filename, "sole.go") && len(e.NewText) == 0 && e.End > e.Pos {
						return
					}
				}
			}
		}
	}
	t.Error("no edit deletes the time import of sole.go")
}

func TestSettings(t *testing.T) {
	err := settings.Set(&settings.Settings{
		Blocking:    []string{"(*configured.Store).Get", "configured.Get"},
		NonBlocking: []string{"time.Sleep", "(*configured.Queue).Pop"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer settings.Set(nil)
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "configured")
}

// TestTypeErrors checks that a package with a type error is skipped, with
// the compiler's error and no crash, and no diagnostics.
func TestTypeErrors(t *testing.T) {
	rec := &recorder{TB: t}
	results := analysistest.Run(rec, analysistest.TestData(), blocking.Analyzer, "typeerr")
	for _, r := range results {
		if len(r.Diagnostics) > 0 {
			t.Errorf("diagnostics on a package that does not type-check: %v", r.Diagnostics)
		}
	}
	if len(rec.errors) == 0 || !strings.Contains(strings.Join(rec.errors, "\n"), "typeerr") {
		t.Errorf("want an error naming the package that does not type-check, got %q", rec.errors)
	}
}

// recorder collects the errors analysistest reports instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestMore runs the second set of realistic cases (package b and the
// helper packages it imports).
func TestMore(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), blocking.Analyzer, "b")
}
