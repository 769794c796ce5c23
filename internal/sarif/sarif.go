// Package sarif writes a run's findings as SARIF 2.1.0, the format GitHub
// code scanning reads (`github/codeql-action/upload-sarif`). Rule metadata
// comes from each check's documentation: id, title as the short
// description, text as the full description, the docs page as helpUri.
//
// The types here are the small subset of the SARIF object model asynclint
// fills in, written with omitempty so the output carries no empty
// placeholders; the end-to-end tests validate it against the official schema
// (testdata/sarif).
package sarif

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"honnef.co/go/tools/analysis/lint"

	"github.com/asynclint/asynclint/internal/engine"
)

const (
	Version = "2.1.0"
	Schema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// srcRoot is the base that relative artifact URIs are resolved against.
	srcRoot = "%SRCROOT%"
)

// A Rule describes one check.
type Rule struct {
	ID       string
	Title    string // one line
	Text     string // the full description, plain text
	Markdown string // the full description, Markdown
	HelpURI  string
	Level    string // "error", "warning" or "note"
}

// RuleFor makes the rule of a documented check.
func RuleFor(c *lint.Analyzer) Rule {
	doc := c.Doc.Compile()
	return Rule{
		ID:       c.Analyzer.Name,
		Title:    doc.Title,
		Text:     doc.Text,
		Markdown: doc.TextMarkdown,
		HelpURI:  c.Analyzer.URL,
		Level:    level(doc.Severity),
	}
}

func level(s lint.Severity) string {
	switch s {
	case lint.SeverityError:
		return "error"
	case lint.SeverityInfo, lint.SeverityHint:
		return "note"
	}
	return "warning"
}

// Tool identifies the program in the log.
type Tool struct {
	Name, Version, InformationURI string
}

// Build makes the SARIF log of res. Files under root get URIs relative to
// it (GitHub resolves them against the repository root); others get
// absolute file URIs.
func Build(res *engine.Result, rules []Rule, tool Tool, root string) *Log {
	driver := Driver{Name: tool.Name, Version: tool.Version, InformationURI: tool.InformationURI}
	index := make(map[string]int)
	for i, r := range rules {
		index[r.ID] = i
		rd := ReportingDescriptor{
			ID:                   r.ID,
			ShortDescription:     &MultiformatMessage{Text: r.Title},
			HelpURI:              r.HelpURI,
			DefaultConfiguration: &ReportingConfiguration{Level: r.Level},
		}
		if r.Text != "" {
			rd.FullDescription = &MultiformatMessage{Text: r.Text, Markdown: r.Markdown}
			rd.Help = &MultiformatMessage{Text: r.Text + "\n\n" + r.HelpURI, Markdown: r.Markdown + "\n\n[Documentation](" + r.HelpURI + ")"}
		}
		driver.Rules = append(driver.Rules, rd)
	}

	b := &builder{root: root, lines: make(map[string][]string)}
	run := Run{
		Tool:    ToolComponent{Driver: driver},
		Results: []Result{},
	}
	if root != "" {
		run.OriginalURIBaseIDs = map[string]ArtifactLocation{srcRoot: {URI: fileURI(root) + "/"}}
	}
	for _, f := range res.Findings {
		r := Result{
			RuleID:    f.Check,
			Message:   Message{Text: f.Message},
			Locations: []Location{},
		}
		if f.Pos.Filename != "" {
			r.Locations = append(r.Locations, b.location(f.Pos, f.End, ""))
		}
		if i, ok := index[f.Check]; ok {
			r.RuleIndex = &i
			r.Level = rules[i].Level
		}
		for _, rel := range f.Related {
			if rel.Pos.Filename == "" {
				continue
			}
			r.RelatedLocations = append(r.RelatedLocations, b.location(rel.Pos, rel.End, rel.Message))
		}
		for _, fix := range f.Fixes {
			if len(fix.Edits) > 0 { // SARIF requires at least one change
				r.Fixes = append(r.Fixes, b.fix(fix))
			}
		}
		run.Results = append(run.Results, r)
	}
	inv := Invocation{ExecutionSuccessful: !res.Failed()}
	for _, fail := range res.Failures {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, Notification{
			Level:   "error",
			Message: Message{Text: fail.String()},
		})
	}
	run.Invocations = []Invocation{inv}
	return &Log{Schema: Schema, Version: Version, Runs: []Run{run}}
}

// Write writes log as indented JSON.
func Write(w io.Writer, log *Log) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

type builder struct {
	root  string
	lines map[string][]string // file contents by line, for column conversion
}

func (b *builder) artifact(file string) ArtifactLocation {
	if b.root != "" {
		if rel, err := filepath.Rel(b.root, file); err == nil && filepath.IsLocal(rel) {
			return ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: srcRoot}
		}
	}
	return ArtifactLocation{URI: fileURI(file)}
}

func fileURI(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/...
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func (b *builder) location(pos, end engine.Position, msg string) Location {
	loc := Location{PhysicalLocation: &PhysicalLocation{ArtifactLocation: b.artifact(pos.Filename)}}
	if pos.IsValid() {
		r := &Region{StartLine: pos.Line, StartColumn: b.column(pos)}
		if end.IsValid() && end.Filename == pos.Filename && (end.Line > pos.Line || end.Line == pos.Line && end.Column > pos.Column) {
			r.EndLine = end.Line
			r.EndColumn = b.column(end)
		}
		loc.PhysicalLocation.Region = r
	}
	if msg != "" {
		loc.Message = &Message{Text: msg}
	}
	return loc
}

// column converts a byte column to SARIF's default unit, UTF-16 code units
// (the same unit LSP uses), counting from 1.
func (b *builder) column(p engine.Position) int {
	if p.Column <= 0 {
		return 0
	}
	lines, ok := b.lines[p.Filename]
	if !ok {
		data, err := os.ReadFile(p.Filename)
		if err == nil {
			lines = strings.Split(string(data), "\n")
		}
		b.lines[p.Filename] = lines
	}
	if p.Line > len(lines) {
		return p.Column
	}
	line := lines[p.Line-1]
	prefix := line[:min(p.Column-1, len(line))]
	n := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRuneInString(prefix)
		prefix = prefix[size:]
		n++
		if r >= 0x10000 {
			n++ // a surrogate pair
		}
	}
	return n + 1
}

func (b *builder) fix(f engine.Fix) Fix {
	out := Fix{Description: &Message{Text: f.Message}}
	byFile := make(map[string]int)
	for _, e := range f.Edits {
		i, ok := byFile[e.Filename]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[e.Filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges, ArtifactChange{ArtifactLocation: b.artifact(e.Filename)})
		}
		start, length := e.Start, e.End-e.Start
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, Replacement{
			DeletedRegion:   Region{ByteOffset: &start, ByteLength: &length},
			InsertedContent: &ArtifactContent{Text: e.New},
		})
	}
	return out
}

// The SARIF object model, the parts asynclint writes.

type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

type Run struct {
	Tool               ToolComponent               `json:"tool"`
	Invocations        []Invocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []Result                    `json:"results"`
}

type ToolComponent struct {
	Driver Driver `json:"driver"`
}

type Driver struct {
	Name           string                `json:"name"`
	Version        string                `json:"version,omitempty"`
	InformationURI string                `json:"informationUri,omitempty"`
	Rules          []ReportingDescriptor `json:"rules,omitempty"`
}

type ReportingDescriptor struct {
	ID                   string                  `json:"id"`
	ShortDescription     *MultiformatMessage     `json:"shortDescription,omitempty"`
	FullDescription      *MultiformatMessage     `json:"fullDescription,omitempty"`
	Help                 *MultiformatMessage     `json:"help,omitempty"`
	HelpURI              string                  `json:"helpUri,omitempty"`
	DefaultConfiguration *ReportingConfiguration `json:"defaultConfiguration,omitempty"`
}

type MultiformatMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type ReportingConfiguration struct {
	Level string `json:"level,omitempty"`
}

type Message struct {
	Text string `json:"text"`
}

type Result struct {
	RuleID           string     `json:"ruleId"`
	RuleIndex        *int       `json:"ruleIndex,omitempty"`
	Level            string     `json:"level,omitempty"`
	Message          Message    `json:"message"`
	Locations        []Location `json:"locations"`
	RelatedLocations []Location `json:"relatedLocations,omitempty"`
	Fixes            []Fix      `json:"fixes,omitempty"`
}

type Location struct {
	PhysicalLocation *PhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *Message          `json:"message,omitempty"`
}

type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type Region struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type Fix struct {
	Description     *Message         `json:"description,omitempty"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

type Replacement struct {
	DeletedRegion   Region           `json:"deletedRegion"`
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

type ArtifactContent struct {
	Text string `json:"text"`
}

type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

type Notification struct {
	Level   string  `json:"level,omitempty"`
	Message Message `json:"message"`
}
