package suite_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/checkdoc"
	"github.com/asynclint/asynclint/internal/suite"
	"github.com/asynclint/asynclint/internal/suppress"
)

func TestRegistry(t *testing.T) {
	want := []string{"blocking", "lockawait", "droppedfuture", "missingwake",
		"nestedblockon", "coescape", "awaitinblocking", "unusedasync", "selectcancel", "pollready",
		"doublelock", "forgetunlock", "lockorder", "lockblock"}
	if got := suite.Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	for _, name := range want {
		c, ok := suite.Lookup(name)
		if !ok || c.Analyzer.Name != name {
			t.Errorf("Lookup(%q) = %v, %v", name, c, ok)
		}
	}
	if _, ok := suite.Lookup("nosuchcheck"); ok {
		t.Error("Lookup found a check that does not exist")
	}
	var as []*analysis.Analyzer
	for _, c := range suite.All() {
		as = append(as, c.Analyzer)
	}
	if err := analysis.Validate(as); err != nil {
		t.Errorf("the suite does not validate as one analyzer set: %v", err)
	}
}

// guides are the docs pages that are not about one check.
var guides = []string{"README.md", "runtime.md", "integrations.md", "performance.md", "console.md", "lockchecks-review.md"}

// Every check has a docs page, linked from the index and from the check's
// URL, and every page in docs/ is a check's or a guide.
func TestDocsPages(t *testing.T) {
	const docs = "../../docs"
	index, err := os.ReadFile(filepath.Join(docs, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	checks := append(suite.All(), suppress.Check)
	names := make(map[string]bool)
	for _, c := range checks {
		name := c.Analyzer.Name
		names[name] = true
		page := filepath.Join(docs, name+".md")
		if _, err := os.Stat(page); err != nil {
			t.Errorf("check %s has no docs page: %v", name, err)
		}
		if want := checkdoc.DocsURL + name + ".md"; c.Analyzer.URL != want {
			t.Errorf("check %s: URL %q, want %q", name, c.Analyzer.URL, want)
		}
		if !strings.Contains(string(index), "("+name+".md)") {
			t.Errorf("docs/README.md does not list check %s", name)
		}
		if doc := c.Doc.Compile(); doc.Title == "" || doc.Text == "" {
			t.Errorf("check %s has no title or text in its documentation", name)
		}
	}
	entries, err := os.ReadDir(docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") || slices.Contains(guides, name) {
			continue
		}
		if !names[strings.TrimSuffix(name, ".md")] {
			t.Errorf("docs/%s is about no check: register its check in internal/suite (and list it in docs/README.md), or add the page to the guides; the checks are %q, the guides %q", name, suite.Names(), guides)
		}
	}
}
