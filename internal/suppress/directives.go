// Package suppress implements asynclint's in-source suppressions:
//
//	//asynclint:ignore CHECK[,CHECK...] reason
//	//asynclint:file-ignore CHECK[,CHECK...] reason
//
// A line directive silences the named checks on its own line when it trails
// code, or on the line after its comment block when it stands alone; a file
// directive silences them in the whole file. A directive without a reason,
// naming an unknown check, or silencing nothing is itself reported, as
// staticcheck does for //lint:ignore.
//
// Suppression is done inside the analysis, not by a driver, so that it works
// the same under every driver (the command line, `go vet -vettool`,
// golangci-lint, Bazel nogo, the language server): Wrap turns each check into
// an analyzer whose diagnostics pass through the directives, and Reporter
// builds the analyzer that runs after the wrapped checks and reports the
// directives that are malformed or silenced nothing.
package suppress

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// The directive prefixes. Like //go: and //lint: directives they have no
// space after the slashes; "// asynclint:ignore" is an ordinary comment.
const (
	linePrefix = "//asynclint:ignore"
	filePrefix = "//asynclint:file-ignore"
)

// A Directive is one //asynclint:ignore or //asynclint:file-ignore comment.
type Directive struct {
	Comment  *ast.Comment
	File     string // file name, not adjusted by //line directives
	FileWide bool   // //asynclint:file-ignore
	Checks   []string
	Reason   string
	// Lines are the lines a line directive silences (unused when FileWide).
	Lines [2]int
	// Alone is true when no code precedes the directive on its line.
	Alone bool
	// Problem describes why the directive is malformed, or is "".
	Problem string
}

// silences reports whether d covers a diagnostic of check at posn.
func (d *Directive) silences(check string, posn token.Position) bool {
	if d.Problem != "" || posn.Filename != d.File {
		return false
	}
	if !d.FileWide && posn.Line != d.Lines[0] && posn.Line != d.Lines[1] {
		return false
	}
	for _, c := range d.Checks {
		if c == check {
			return true
		}
	}
	return false
}

// Directives is the per-package result of Analyzer: the directives of the
// package's files and, filled in by the wrapped checks as they run, which of
// them silenced something. Wrapped checks run concurrently, hence the lock.
type Directives struct {
	List []*Directive

	mu   sync.Mutex
	used map[*Directive]map[string]bool // directive -> check names that matched
}

// match reports whether a directive silences a diagnostic of check at posn,
// recording the use.
func (ds *Directives) match(check string, posn token.Position) bool {
	for _, d := range ds.List {
		if d.silences(check, posn) {
			ds.mu.Lock()
			if ds.used[d] == nil {
				ds.used[d] = make(map[string]bool)
			}
			ds.used[d][check] = true
			ds.mu.Unlock()
			return true
		}
	}
	return false
}

// Used reports whether d silenced at least one diagnostic of check.
func (ds *Directives) Used(d *Directive, check string) bool {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	return ds.used[d][check]
}

// Analyzer finds the directives of a package. It reports nothing; Wrap and
// Reporter consume its result.
var Analyzer = &analysis.Analyzer{
	Name:             "asynclintdirectives",
	Doc:              "collects //asynclint:ignore and //asynclint:file-ignore directives",
	Run:              collect,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeFor[*Directives](),
}

func collect(pass *analysis.Pass) (any, error) {
	ds := &Directives{used: make(map[*Directive]map[string]bool)}
	for _, f := range pass.Files {
		var codeLines map[int]bool // computed only for files with directives
		// startsLine reports whether c is the first thing on its line.
		startsLine := func(c *ast.Comment, line int) bool {
			if codeLines[line] {
				return false
			}
			for _, g := range f.Comments {
				for _, other := range g.List {
					if other.Pos() < c.Pos() && pass.Fset.PositionFor(other.End(), false).Line == line {
						return false
					}
				}
			}
			return true
		}
		for _, group := range f.Comments {
			for _, c := range group.List {
				d := parse(c)
				if d == nil {
					continue
				}
				posn := pass.Fset.PositionFor(c.Pos(), false)
				d.File = posn.Filename
				if codeLines == nil {
					codeLines = linesWithCode(pass.Fset, f)
				}
				d.Alone = startsLine(c, posn.Line)
				switch {
				case d.FileWide:
				case codeLines[posn.Line]:
					// A trailing comment: `x := f() //asynclint:ignore ...`.
					d.Lines = [2]int{posn.Line, posn.Line}
				default:
					// No code on its line: it speaks for the code after its
					// comment block (the block may go on explaining).
					next := pass.Fset.PositionFor(group.End(), false).Line + 1
					d.Lines = [2]int{posn.Line, next}
				}
				ds.List = append(ds.List, d)
			}
		}
	}
	return ds, nil
}

// parse returns the directive in c, or nil if c is not one.
func parse(c *ast.Comment) *Directive {
	text := c.Text
	d := &Directive{Comment: c}
	switch {
	case hasPrefixWord(text, filePrefix):
		d.FileWide = true
		text = text[len(filePrefix):]
	case hasPrefixWord(text, linePrefix):
		text = text[len(linePrefix):]
	default:
		return nil
	}
	fields := strings.Fields(text)
	switch {
	case len(fields) == 0:
		d.Problem = "names no check; write //asynclint:ignore CHECK reason"
		return d
	case len(fields) == 1:
		d.Problem = "gives no reason; say why the finding does not apply, e.g. //asynclint:ignore " + fields[0] + " runs before the runtime starts"
	}
	for _, name := range strings.Split(fields[0], ",") {
		if name = strings.TrimSpace(name); name != "" {
			d.Checks = append(d.Checks, name)
		}
	}
	if len(fields) > 1 {
		d.Reason = strings.Join(fields[1:], " ")
	}
	return d
}

// hasPrefixWord reports whether text starts with prefix followed by the end
// or a space, so that //asynclint:ignored is not taken for a directive.
func hasPrefixWord(text, prefix string) bool {
	if !strings.HasPrefix(text, prefix) {
		return false
	}
	rest := text[len(prefix):]
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

// linesWithCode returns the lines on which some syntax node ends. A //
// comment on such a line trails code. Comments themselves are skipped: a
// directive is often the Doc comment of the declaration below it.
func linesWithCode(fset *token.FileSet, f *ast.File) map[int]bool {
	lines := make(map[int]bool)
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil:
			return false
		case *ast.CommentGroup, *ast.Comment, *ast.File:
			_, isFile := n.(*ast.File)
			return isFile
		}
		if end := n.End(); end.IsValid() {
			lines[fset.PositionFor(end, false).Line] = true
		}
		return true
	})
	return lines
}
