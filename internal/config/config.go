// Package config reads asynclint.toml, the optional configuration file found
// by walking up from a package's directory:
//
//	# Which checks run, in -checks syntax: "all", "NAME", "-NAME", in order.
//	checks = ["all", "-missingwake"]
//
//	# Functions to treat as blocking, in addition to the built-in knowledge.
//	blocking = ["example.com/db.(*Conn).Query", "example.com/legacy.Fetch"]
//	# Functions known not to block (never reported, no propagation through).
//	nonblocking = ["example.com/cache.Get"]
//	# Types whose Lock/Unlock behave like sync.Mutex's.
//	lock_types = ["example.com/spin.Lock"]
//
//	# Per-path disables: path (relative to this file's directory; globs
//	# allowed) = checks ("all" for every check).
//	[disable]
//	"internal/legacy" = ["blocking", "lockawait"]
//	"gen/..." = ["all"]
//
// Every mistake (a syntax error, an unknown key, a malformed function name,
// an unknown check) is an error with the file's path, line and column; the
// run stops rather than ignoring part of the file. Under `go vet -vettool` the
// file is not read: vet caches results by the tool's flags, so settings must
// arrive as flags there (see internal/engine).
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/asynclint/asynclint/internal/settings"
	"github.com/asynclint/asynclint/internal/suggest"
	"github.com/asynclint/asynclint/internal/suppress"
)

// FileName is the name of the configuration file.
const FileName = "asynclint.toml"

// File is a parsed configuration file.
type File struct {
	Path string // absolute
	// Checks is the "checks" list as written (see Resolve), nil if absent.
	Checks   []string
	Settings settings.Settings
	// Disable holds the per-path disables, their patterns made absolute
	// against the file's directory.
	Disable []suppress.PathRule
}

// Find returns the configuration file that governs dir: the first
// asynclint.toml found in dir or one of its parents. ok is false if there is
// none.
func Find(dir string) (path string, ok bool, err error) {
	dir, err = filepath.Abs(dir)
	if err != nil {
		return "", false, err
	}
	for {
		p := filepath.Join(dir, FileName)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, true, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false, nil
		}
		dir = parent
	}
}

// An Error is a mistake in a configuration file, at a position.
type Error struct {
	File      string
	Line, Col int // 1-based; Col 0 if unknown
	Msg       string
}

func (e *Error) Error() string {
	name := displayPath(e.File)
	// Only the line: the toml package's columns point somewhere inside the
	// value, not reliably at the mistake.
	switch {
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", name, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", name, e.Msg)
}

// ErrorList is every mistake in a file, in order of position.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Load reads and validates the file at path. known lists the check names
// that exist.
func Load(path string, known []string) (*File, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	return Parse(abs, data, known)
}

// keys lists the top-level keys in the order they are decoded (so errors
// come out in a stable order) with what each holds, for hints.
var keys = []string{"checks", "blocking", "nonblocking", "lock_types", "disable"}

// Parse is Load on data already read; path is used for positions and to
// resolve the per-path disables.
func Parse(path string, data []byte, known []string) (*File, error) {
	f := &File{Path: path}
	var errs ErrorList
	fail := func(line, col int, format string, args ...any) {
		errs = append(errs, &Error{File: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
	}

	var top map[string]toml.Primitive
	md, err := toml.NewDecoder(strings.NewReader(string(data))).Decode(&top)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			fail(pe.Position.Line, pe.Position.Col, "%s", pe.Message)
		} else {
			fail(0, 0, "%v", err)
		}
		return nil, errs
	}
	// at decodes prim into v, recording an error at the key's position.
	at := func(key string, prim toml.Primitive, v any) bool {
		if err := md.PrimitiveDecode(prim, v); err != nil {
			line, col := position(&md, prim)
			var pe toml.ParseError
			msg := err.Error()
			if errors.As(err, &pe) {
				msg = pe.Message
			}
			fail(line, col, "%s: %s", key, msg)
			return false
		}
		return true
	}

	var unknown []string
	for k := range top {
		if !slices.Contains(keys, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		line, col := position(&md, top[k])
		fail(line, col, "unknown key %q%s; the keys are %s", k, suggest.Hint(k, keys), strings.Join(keys, ", "))
	}

	if prim, ok := top["checks"]; ok {
		var list []string
		if at("checks", prim, lister{&list, func(s string) error {
			_, err := Resolve([]string{s}, known)
			return err
		}}) {
			f.Checks = list
			if f.Checks == nil {
				f.Checks = []string{}
			}
		}
	}
	for _, field := range []struct {
		key string
		dst *[]string
		one func(string) settings.Settings
	}{
		{"blocking", &f.Settings.Blocking, func(s string) settings.Settings { return settings.Settings{Blocking: []string{s}} }},
		{"nonblocking", &f.Settings.NonBlocking, func(s string) settings.Settings { return settings.Settings{NonBlocking: []string{s}} }},
		{"lock_types", &f.Settings.LockTypes, func(s string) settings.Settings { return settings.Settings{LockTypes: []string{s}} }},
	} {
		prim, ok := top[field.key]
		if !ok {
			continue
		}
		at(field.key, prim, lister{field.dst, func(s string) error {
			// Validate's message already names the key and the value.
			s1 := field.one(s)
			if err := s1.Validate(); err != nil {
				_, msg, _ := strings.Cut(err.Error(), ": ")
				return errors.New(msg)
			}
			return nil
		}})
	}

	if prim, ok := top["disable"]; ok {
		var table map[string]toml.Primitive
		var raw any
		if at("disable", prim, &raw) {
			if _, isTable := raw.(map[string]any); !isTable {
				line, col := position(&md, prim)
				fail(line, col, "disable: want a table of path = [checks], e.g. [disable] \"internal/legacy\" = [\"blocking\"], not %s", tomlType(raw))
			}
		}
		if len(errs) == 0 && at("disable", prim, &table) {
			paths := make([]string, 0, len(table))
			for p := range table {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			for _, p := range paths {
				key := fmt.Sprintf("disable.%q", p)
				var checks []string
				if !at(key, table[p], lister{&checks, func(s string) error {
					if s == "all" || slices.Contains(known, s) {
						return nil
					}
					return fmt.Errorf("unknown check %q%s", s, suggest.Hint(s, known))
				}}) {
					continue
				}
				pattern := p
				if !filepath.IsAbs(pattern) {
					pattern = filepath.Join(filepath.Dir(path), filepath.FromSlash(p))
				}
				rule := suppress.PathRule{Pattern: pattern, Checks: checks}
				if err := rule.Validate(); err != nil {
					line, col := position(&md, table[p])
					fail(line, col, "%s: %v", key, strings.Replace(err.Error(), fmt.Sprintf("%q", pattern), fmt.Sprintf("%q", p), 1))
					continue
				}
				f.Disable = append(f.Disable, rule)
			}
		}
	}

	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return nil, errs
	}
	return f, nil
}

// lister decodes a TOML array of strings, checking each. Its method has a
// value receiver because the decoder calls it on a copy.
type lister struct {
	out   *[]string
	check func(string) error
}

func (l lister) UnmarshalTOML(data any) error {
	arr, ok := data.([]any)
	if !ok {
		return fmt.Errorf("want a list of strings, e.g. [\"a\", \"b\"], not %s", tomlType(data))
	}
	for _, v := range arr {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want a list of strings, found %s %v", tomlType(v), v)
		}
		if err := l.check(s); err != nil {
			return err
		}
		*l.out = append(*l.out, s)
	}
	return nil
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// position returns the line and column of the key that holds prim. The toml
// package keeps key positions private but puts them in the errors it
// returns, so we ask it to decode prim into a value that always fails.
func position(md *toml.MetaData, prim toml.Primitive) (line, col int) {
	var pe toml.ParseError
	if err := md.PrimitiveDecode(prim, probe{}); errors.As(err, &pe) {
		return pe.Position.Line, pe.Position.Col
	}
	return 0, 0
}

type probe struct{}

func (probe) UnmarshalTOML(any) error { return errors.New("probe") }

// Resolve turns a check list in -checks syntax into the enabled check names,
// in known's order. Items apply in order: "all" enables every check, "NAME"
// enables one, "-NAME" disables one, "-all" disables every check. Unknown
// names are an error with a suggestion.
func Resolve(spec []string, known []string) ([]string, error) {
	on := make(map[string]bool)
	for _, item := range spec {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, enable := strings.CutPrefix(item, "-")
		enable = !enable
		switch {
		case name == "all":
			for _, k := range known {
				on[k] = enable
			}
		case slices.Contains(known, name):
			on[name] = enable
		default:
			return nil, fmt.Errorf("unknown check %q%s; the checks are %s", name, suggest.Hint(name, known), strings.Join(known, ", "))
		}
	}
	var out []string
	for _, k := range known {
		if on[k] {
			out = append(out, k)
		}
	}
	return out, nil
}

// displayPath returns p relative to the working directory when it is below
// it, as the go command prints file names.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
