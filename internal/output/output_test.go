package output

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/engine"
)

func sample(t *testing.T) (*engine.Result, string) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	if err := os.WriteFile(file, []byte("package a\n\nfunc f() {\n\tg()\n}\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	return &engine.Result{
		Findings: []engine.Finding{{
			Package: "example.com/a",
			Check:   "lockawait",
			Pos:     engine.Position{Filename: file, Line: 4, Column: 2},
			End:     engine.Position{Filename: file, Line: 4, Column: 5},
			Message: "mu is held at this await",
			Related: []engine.Related{{Pos: engine.Position{Filename: file, Line: 3, Column: 1}, Message: "mu locked here"}},
			Fixes:   []engine.Fix{{Message: "m", Edits: []engine.Edit{{Filename: file, Start: 1, End: 2, New: "x"}}}},
		}},
		Failures: []engine.Failure{
			{Package: "example.com/a", Check: "blocking", Message: "internal error"},
			{Package: "example.com/b", Message: "b.go:1:1: syntax error"},
		},
	}, dir
}

func TestText(t *testing.T) {
	res, dir := sample(t)
	var buf bytes.Buffer
	if err := Text(&buf, res, TextOptions{Context: -1, Dir: dir}); err != nil {
		t.Fatal(err)
	}
	want := "a.go:4:2: mu is held at this await (lockawait)\n\ta.go:3:1: mu locked here\n"
	if buf.String() != want {
		t.Errorf("Text =\n%q\nwant\n%q", buf.String(), want)
	}
	buf.Reset()
	if err := Text(&buf, res, TextOptions{Context: 0, Dir: dir}); err != nil {
		t.Fatal(err)
	}
	want = "a.go:4:2: mu is held at this await (lockawait)\n4\t\tg()\n\ta.go:3:1: mu locked here\n3\tfunc f() {\n"
	if buf.String() != want {
		t.Errorf("Text -c 0 =\n%q\nwant\n%q", buf.String(), want)
	}
}

// JSON has the x/tools shape: package -> check -> diagnostics or error.
func TestJSON(t *testing.T) {
	res, dir := sample(t)
	var buf bytes.Buffer
	if err := JSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &tree); err != nil {
		t.Fatal(err)
	}
	var diags []struct {
		Posn, End, Message string
		SuggestedFixes     []struct{ Edits []struct{ Start, End int } } `json:"suggested_fixes"`
		Related            []struct{ Posn, Message string }
	}
	if err := json.Unmarshal(tree["example.com/a"]["lockawait"], &diags); err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 || diags[0].Posn != filepath.Join(dir, "a.go")+":4:2" || diags[0].SuggestedFixes[0].Edits[0].End != 2 || diags[0].Related[0].Message != "mu locked here" {
		t.Errorf("diagnostics = %+v", diags)
	}
	if !strings.Contains(string(tree["example.com/a"]["blocking"]), `"error": "internal error"`) {
		t.Errorf("analyzer error = %s", tree["example.com/a"]["blocking"])
	}
	if _, ok := tree["example.com/b"]; ok {
		t.Errorf("a compiler failure has a JSON entry; it belongs on standard error")
	}
}
