package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Result is what a run found.
type Result struct {
	// Findings are the diagnostics, sorted by position then check, without
	// duplicates.
	Findings []Finding
	// Failures are the packages (or analyzers on a package) that could not
	// be analyzed: compiler errors, analyzer errors, go command errors.
	Failures []Failure
	// Warnings are the go command's warnings, such as a pattern that
	// matched no packages while others did; as with go vet, they do not
	// make the run fail.
	Warnings []string
}

// Failed reports whether anything could not be analyzed.
func (r *Result) Failed() bool { return len(r.Failures) > 0 }

// A Finding is one diagnostic.
type Finding struct {
	Package  string // the package ID as vet names it: "example.com/p", "example.com/p_test"
	Check    string
	Category string
	Pos, End Position
	Message  string
	Related  []Related
	Fixes    []Fix
}

// Position is a place in a file, as the go/token package prints it; Column
// counts bytes from 1.
type Position struct {
	Filename     string
	Line, Column int
}

func (p Position) IsValid() bool { return p.Line > 0 }

// String formats p as token.Position does: "file:line:col".
func (p Position) String() string {
	s := p.Filename
	if p.IsValid() {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(p.Line)
		if p.Column != 0 {
			s += ":" + strconv.Itoa(p.Column)
		}
	}
	if s == "" {
		s = "-"
	}
	return s
}

// parsePosition parses token.Position's String form.
func parsePosition(s string) Position {
	if s == "-" || s == "" {
		return Position{}
	}
	// Split from the right: file names may contain colons.
	nums := make([]int, 0, 2)
	rest := s
	for len(nums) < 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		nums = append(nums, n)
		rest = rest[:i]
	}
	switch len(nums) {
	case 2:
		return Position{Filename: rest, Line: nums[1], Column: nums[0]}
	case 1:
		return Position{Filename: rest, Line: nums[0]}
	}
	return Position{Filename: s}
}

// Related is a secondary position of a finding, such as the lock
// acquisition for an await that holds it.
type Related struct {
	Pos, End Position
	Message  string
}

// A Fix is a suggested fix: edits to apply together.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the bytes [Start, End) of a file with New.
type Edit struct {
	Filename   string
	Start, End int
	New        string
}

// A Failure is a package (and possibly one analyzer on it) that could not
// be analyzed, with the message of the go command, compiler or analyzer.
type Failure struct {
	Package string // "" when the message concerns no one package
	Check   string // "" unless one analyzer failed
	Message string
}

func (f Failure) String() string {
	switch {
	case f.Package != "" && f.Check != "":
		return fmt.Sprintf("%s: %s: %s", f.Package, f.Check, f.Message)
	case f.Package != "":
		return fmt.Sprintf("# %s\n%s", f.Package, f.Message)
	}
	return f.Message
}

// normalize sorts r's findings and drops duplicates.
func (r *Result) normalize() {
	slices.SortStableFunc(r.Findings, compareFindings)
	r.Findings = slices.CompactFunc(r.Findings, func(a, b Finding) bool {
		return compareFindings(a, b) == 0 && a.Message == b.Message
	})
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Pos.Filename, b.Pos.Filename),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Column, b.Pos.Column),
		cmp.Compare(a.Check, b.Check),
		cmp.Compare(a.Message, b.Message),
	)
}

// Merge appends other's findings and failures to r.
func (r *Result) Merge(other *Result) {
	r.Findings = append(r.Findings, other.Findings...)
	r.Failures = append(r.Failures, other.Failures...)
	r.Warnings = append(r.Warnings, other.Warnings...)
	r.normalize()
}
