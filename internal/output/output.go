// Package output prints a run's findings as text (the go vet form, plus the
// check's name) or as JSON (the x/tools analysis JSON form that
// `go vet -json` and the x/tools checkers print). SARIF is in
// internal/sarif.
package output

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/asynclint/asynclint/internal/engine"
)

// TextOptions control the text form.
type TextOptions struct {
	// Context is the number of lines of source shown around each finding;
	// negative shows none (the -c flag).
	Context int
	// Dir is the directory file names are shown relative to, as the go
	// command does; "" shows them as they are.
	Dir string
}

// Text prints each finding as "file:line:col: message (check)", its related
// positions indented below it.
func Text(w io.Writer, res *engine.Result, opts TextOptions) error {
	src := make(map[string][]string)
	show := func(p engine.Position) string {
		if opts.Dir != "" && filepath.IsAbs(p.Filename) {
			if rel, err := filepath.Rel(opts.Dir, p.Filename); err == nil && filepath.IsLocal(rel) {
				p.Filename = rel
			}
		}
		return p.String()
	}
	context := func(pos, end engine.Position) string {
		if opts.Context < 0 || !pos.IsValid() {
			return ""
		}
		lines, ok := src[pos.Filename]
		if !ok {
			if data, err := os.ReadFile(pos.Filename); err == nil {
				lines = strings.Split(string(data), "\n")
			}
			src[pos.Filename] = lines
		}
		last := pos.Line
		if end.IsValid() && end.Filename == pos.Filename && end.Line > last {
			last = end.Line
		}
		var b strings.Builder
		for i := pos.Line - opts.Context; i <= last+opts.Context; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(&b, "%d\t%s\n", i, lines[i-1])
			}
		}
		return b.String()
	}
	for _, f := range res.Findings {
		if _, err := fmt.Fprintf(w, "%s: %s (%s)\n%s", show(f.Pos), f.Message, f.Check, context(f.Pos, f.End)); err != nil {
			return err
		}
		for _, r := range f.Related {
			if _, err := fmt.Fprintf(w, "\t%s: %s\n%s", show(r.Pos), r.Message, context(r.Pos, r.End)); err != nil {
				return err
			}
		}
	}
	return nil
}

// The x/tools JSON form (golang.org/x/tools/internal/analysis/driverutil).
type (
	jsonTree       map[string]map[string]any
	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// JSON prints res as one JSON object mapping package ID to check name to
// the list of diagnostics, or to {"error": message} for an analyzer that
// failed on the package: what the x/tools multichecker prints for a whole
// run. Packages that do not compile have no entry; their errors go to
// standard error, as with go vet.
func JSON(w io.Writer, res *engine.Result) error {
	tree := make(jsonTree)
	add := func(pkg, check string, v any) {
		if tree[pkg] == nil {
			tree[pkg] = make(map[string]any)
		}
		if v, ok := v.(jsonDiagnostic); ok {
			list, _ := tree[pkg][check].([]jsonDiagnostic)
			tree[pkg][check] = append(list, v)
			return
		}
		tree[pkg][check] = v
	}
	for _, f := range res.Findings {
		d := jsonDiagnostic{
			Category: f.Category,
			Posn:     f.Pos.String(),
			End:      f.End.String(),
			Message:  f.Message,
		}
		for _, fix := range f.Fixes {
			jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
			for _, e := range fix.Edits {
				jf.Edits = append(jf.Edits, jsonEdit{e.Filename, e.Start, e.End, e.New})
			}
			d.SuggestedFixes = append(d.SuggestedFixes, jf)
		}
		for _, r := range f.Related {
			d.Related = append(d.Related, jsonRelated{r.Pos.String(), r.End.String(), r.Message})
		}
		add(f.Package, f.Check, d)
	}
	for _, fail := range res.Failures {
		if fail.Package != "" && fail.Check != "" {
			add(fail.Package, fail.Check, jsonError{fail.Message})
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
