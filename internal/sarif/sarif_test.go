package sarif

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/asynclint/asynclint/internal/engine"
)

// Validate checks data against the SARIF 2.1.0 schema shipped in testdata.
func validate(t *testing.T, data []byte) {
	t.Helper()
	schemaPath, err := filepath.Abs("../../testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("SARIF output does not match the 2.1.0 schema: %v\n%s", err, data)
	}
}

func TestBuildValidates(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	// "ü" is two bytes and one UTF-16 unit; "𝄞" is four bytes and two units.
	src := "package main\n\nfunc main() { s := \"ü𝄞\"; block(s) }\n"
	if err := os.WriteFile(file, []byte(src), 0o666); err != nil {
		t.Fatal(err)
	}
	byteCol := strings.Index(strings.Split(src, "\n")[2], "block") + 1
	res := &engine.Result{
		Findings: []engine.Finding{{
			Package: "example.com/m",
			Check:   "blocking",
			Pos:     engine.Position{Filename: file, Line: 3, Column: byteCol},
			End:     engine.Position{Filename: file, Line: 3, Column: byteCol + 8},
			Message: "block blocks the executor worker",
			Related: []engine.Related{{Pos: engine.Position{Filename: file, Line: 3, Column: 1}, Message: "called here"}},
			Fixes: []engine.Fix{{Message: "wrap it", Edits: []engine.Edit{
				{Filename: file, Start: 10, End: 12, New: "x"},
			}}},
		}, {
			Package: "example.com/m",
			Check:   "unknowncheck", // no rule: no ruleIndex
			Pos:     engine.Position{Filename: "/elsewhere/x.go", Line: 1},
			Message: "m",
		}},
		Failures: []engine.Failure{{Package: "example.com/bad", Message: "bad.go:1:1: syntax error"}},
	}
	rules := []Rule{{ID: "blocking", Title: "Blocking call", Text: "Long text.", Markdown: "Long *text*.", HelpURI: "https://example.com/docs/blocking.md", Level: "warning"}}
	var buf bytes.Buffer
	if err := Write(&buf, Build(res, rules, Tool{Name: "asynclint", Version: "v0.1.0", InformationURI: "https://example.com"}, dir)); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())

	var log Log
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	r := run.Results[0]
	if r.RuleID != "blocking" || r.RuleIndex == nil || *r.RuleIndex != 0 || r.Level != "warning" {
		t.Errorf("result rule = %q/%v/%q", r.RuleID, r.RuleIndex, r.Level)
	}
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "main.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifact = %+v", loc.ArtifactLocation)
	}
	// Bytes before "block": `func main() { s := "` (20) + ü (2) + 𝄞 (4) + `"; ` (3).
	// In UTF-16 units: 20 + 1 + 2 + 3 = 26, so column 27.
	if loc.Region.StartColumn != 27 || byteCol != 30 {
		t.Errorf("start column = %d (byte column %d), want 27 (30)", loc.Region.StartColumn, byteCol)
	}
	if run.Results[1].RuleIndex != nil || !strings.HasPrefix(run.Results[1].Locations[0].PhysicalLocation.ArtifactLocation.URI, "file:///") {
		t.Errorf("second result = %+v", run.Results[1])
	}
	if run.Invocations[0].ExecutionSuccessful || len(run.Invocations[0].ToolExecutionNotifications) != 1 {
		t.Errorf("invocation = %+v", run.Invocations[0])
	}
	if !strings.HasPrefix(run.OriginalURIBaseIDs["%SRCROOT%"].URI, "file:///") {
		t.Errorf("base = %+v", run.OriginalURIBaseIDs)
	}
}

// A clean run is a valid log with an empty results array.
func TestBuildEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, Build(&engine.Result{}, nil, Tool{Name: "asynclint"}, "")); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())
	if !strings.Contains(buf.String(), `"results": []`) {
		t.Errorf("no empty results array:\n%s", buf.String())
	}
}

// The schema check itself rejects what GitHub would reject.
func TestSchemaRejects(t *testing.T) {
	schemaPath, _ := filepath.Abs("../../testdata/sarif/sarif-schema-2.1.0.json")
	sch, err := jsonschema.NewCompiler().Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		`{"version": "2.0.0", "runs": []}`,
		`{"version": "2.1.0", "runs": [{"results": []}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "severe"}]}]}`,
	} {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(doc) == nil {
			t.Errorf("schema accepted %s", bad)
		}
	}
}
