package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Request describes one run over a set of packages.
type Request struct {
	// Dir is the directory the go command runs in; "" means the current
	// directory. Relative patterns and file names are relative to it.
	Dir      string
	Patterns []string
	// BuildFlags go to the go command (e.g. "-tags=integration").
	BuildFlags []string
	// ToolFlags are extra flags for the tool, such as a check's own
	// -NAME.flag; they change results, so vet keys its cache on them.
	ToolFlags []string
	// Env is the go command's environment; nil means os.Environ().
	Env []string
	// Tool is the asynclint executable that vet runs on each package; ""
	// means this process's executable.
	Tool string
	// Known lists every check name (for Options.Args).
	Known   []string
	Options Options
	// Overlay maps absolute file names to contents that replace them on
	// disk, for unsaved editor buffers. Findings refer to the original names.
	Overlay map[string][]byte
	// Fix applies the first suggested fix of each finding before reporting
	// what is left; with Diff, the fixes are printed to Stdout as a unified
	// diff instead of applied, and nothing else is reported.
	Fix, Diff bool
	// Stdout receives the diff of Fix+Diff; nil means os.Stdout.
	Stdout io.Writer
}

// Run analyzes the packages by running `go vet -vettool=<Tool>` with the
// options as flags (see the package comment for why), and returns what it
// found. An error means the run itself could not be made (no go command,
// unreadable output); packages that fail to compile are Failures in the
// Result, and the other packages are still analyzed.
func Run(ctx context.Context, req Request) (*Result, error) {
	tool := req.Tool
	if tool == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("cannot find the asynclint executable to run under go vet: %v", err)
		}
		tool = exe
	}
	tool, err := filepath.Abs(tool)
	if err != nil {
		return nil, err
	}

	buildFlags := req.BuildFlags
	var reverse map[string]string // overlay's temporary file -> original
	if len(req.Overlay) > 0 {
		flag, rev, cleanup, err := writeOverlay(req.Overlay)
		if err != nil {
			return nil, err
		}
		defer cleanup()
		buildFlags = append(append([]string(nil), buildFlags...), flag)
		reverse = rev
	}

	vet := func(mode ...string) (stdout, stderr []byte, exitErr error, err error) {
		args := []string{"vet", "-vettool=" + tool}
		args = append(args, buildFlags...)
		args = append(args, mode...)
		args = append(args, req.Options.Args(req.Known)...)
		args = append(args, req.ToolFlags...)
		args = append(args, "--")
		args = append(args, req.Patterns...)
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = req.Dir
		cmd.Env = req.Env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if req.Fix && req.Diff && len(mode) > 0 && mode[0] == "-fix" {
			cmd.Stdout = cmpOr(req.Stdout, io.Writer(os.Stdout))
		}
		runErr := cmd.Run()
		var ee *exec.ExitError
		if runErr != nil && !errors.As(runErr, &ee) {
			return nil, nil, nil, fmt.Errorf("running go vet: %v", runErr)
		}
		if ctx.Err() != nil {
			return nil, nil, nil, ctx.Err()
		}
		return out.Bytes(), errb.Bytes(), runErr, nil
	}

	res := new(Result)
	if req.Fix {
		mode := []string{"-fix"}
		if req.Diff {
			mode = append(mode, "-diff")
		}
		_, stderr, _, err := vet(mode...)
		if err != nil {
			return nil, err
		}
		res.addLog(stderr)
		if req.Diff {
			return res, nil
		}
	}
	stdout, stderr, exitErr, err := vet("-json")
	if err != nil {
		return nil, err
	}
	if err := parseJSON(stdout, res); err != nil {
		return nil, err
	}
	res.addLog(stderr)
	if exitErr != nil && len(res.Failures) == 0 {
		res.Failures = append(res.Failures, Failure{Message: fmt.Sprintf("go vet failed: %v", exitErr)})
	}
	if reverse != nil {
		res.rename(reverse)
	}
	res.normalize()
	return res, nil
}

func cmpOr(w, def io.Writer) io.Writer {
	if w != nil {
		return w
	}
	return def
}

// jsonDiagnostic is the x/tools JSON form of a diagnostic
// (golang.org/x/tools/internal/analysis/driverutil.JSONDiagnostic).
type jsonDiagnostic struct {
	Category       string `json:"category,omitempty"`
	Posn           string `json:"posn"`
	End            string `json:"end"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename string `json:"filename"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
			New      string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes,omitempty"`
	Related []struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	} `json:"related,omitempty"`
}

// parseJSON reads vet's -json output: one JSON object per package, mapping
// package ID to analyzer name to a diagnostic list or {"error": msg}.
func parseJSON(data []byte, res *Result) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("reading go vet's JSON output: %v", err)
		}
		for pkg, byCheck := range tree {
			for check, raw := range byCheck {
				raw = bytes.TrimSpace(raw)
				if len(raw) > 0 && raw[0] == '{' {
					var e struct {
						Err string `json:"error"`
					}
					if err := json.Unmarshal(raw, &e); err != nil {
						return fmt.Errorf("reading go vet's JSON output for %s: %v", pkg, err)
					}
					res.Failures = append(res.Failures, Failure{Package: pkg, Check: check, Message: e.Err})
					continue
				}
				var diags []jsonDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					return fmt.Errorf("reading go vet's JSON output for %s: %v", pkg, err)
				}
				for _, d := range diags {
					res.Findings = append(res.Findings, finding(pkg, check, d))
				}
			}
		}
	}
}

func finding(pkg, check string, d jsonDiagnostic) Finding {
	f := Finding{
		Package:  pkg,
		Check:    check,
		Category: d.Category,
		Pos:      parsePosition(d.Posn),
		End:      parsePosition(d.End),
		Message:  d.Message,
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, Related{Pos: parsePosition(r.Posn), End: parsePosition(r.End), Message: r.Message})
	}
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message}
		for _, e := range sf.Edits {
			fix.Edits = append(fix.Edits, Edit{Filename: e.Filename, Start: e.Start, End: e.End, New: e.New})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

// addLog adds vet's standard error to r: warnings, then failures.
func (r *Result) addLog(stderr []byte) {
	for _, f := range parseLog(stderr) {
		if f.Package == "" && strings.HasPrefix(f.Message, "go: warning: ") {
			r.Warnings = append(r.Warnings, f.Message)
			continue
		}
		r.Failures = append(r.Failures, f)
	}
}

// parseLog splits vet's standard error into failures: "# pkg" starts the
// messages about one package; lines before any header concern the run.
func parseLog(stderr []byte) []Failure {
	var out []Failure
	var cur *Failure
	sc := bufio.NewScanner(bytes.NewReader(stderr))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		if pkg, ok := strings.CutPrefix(line, "# "); ok {
			out = append(out, Failure{Package: pkg})
			cur = &out[len(out)-1]
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if cur == nil {
			// Before any header each line stands alone (the go command's
			// warnings and errors about patterns).
			out = append(out, Failure{Message: line})
			continue
		}
		if cur.Message != "" {
			cur.Message += "\n"
		}
		cur.Message += line
	}
	// Drop headers with no message.
	kept := out[:0]
	for _, f := range out {
		if f.Message != "" {
			kept = append(kept, f)
		}
	}
	return kept
}

// writeOverlay writes the overlay contents to a temporary directory and
// returns the go command's -overlay flag, the map from temporary names back
// to the originals, and a cleanup function.
func writeOverlay(overlay map[string][]byte) (flag string, reverse map[string]string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "asynclint-overlay-")
	if err != nil {
		return "", nil, nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	replace := make(map[string]string, len(overlay))
	reverse = make(map[string]string, len(overlay))
	i := 0
	for name, content := range overlay {
		if !filepath.IsAbs(name) {
			cleanup()
			return "", nil, nil, fmt.Errorf("overlay file name %q is not absolute", name)
		}
		tmp := filepath.Join(dir, fmt.Sprintf("%d-%s", i, filepath.Base(name)))
		i++
		if err := os.WriteFile(tmp, content, 0o666); err != nil {
			cleanup()
			return "", nil, nil, err
		}
		replace[name] = tmp
		reverse[tmp] = name
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "overlay.json"), data, 0o666)
	}
	if err != nil {
		cleanup()
		return "", nil, nil, err
	}
	return "-overlay=" + filepath.Join(dir, "overlay.json"), reverse, cleanup, nil
}

// rename maps the overlay's temporary file names in r back to the originals.
func (r *Result) rename(reverse map[string]string) {
	back := func(name string) string {
		if orig, ok := reverse[name]; ok {
			return orig
		}
		return name
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Pos.Filename = back(f.Pos.Filename)
		f.End.Filename = back(f.End.Filename)
		for j := range f.Related {
			f.Related[j].Pos.Filename = back(f.Related[j].Pos.Filename)
			f.Related[j].End.Filename = back(f.Related[j].End.Filename)
		}
		for j := range f.Fixes {
			for k := range f.Fixes[j].Edits {
				f.Fixes[j].Edits[k].Filename = back(f.Fixes[j].Edits[k].Filename)
			}
		}
	}
	for i := range r.Failures {
		for tmp, orig := range reverse {
			r.Failures[i].Message = strings.ReplaceAll(r.Failures[i].Message, tmp, orig)
		}
	}
}
