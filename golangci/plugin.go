// Package golangci is asynclint's golangci-lint v2 module plugin: blank-import
// it into a custom golangci-lint (built by `golangci-lint custom` from a
// .custom-gcl.yml naming this package) and every asynclint check runs as the
// linter "asynclint", with //asynclint:ignore directives applied and
// settings taken from .golangci.yml:
//
//	linters:
//	  enable: [asynclint]
//	  settings:
//	    custom:
//	      asynclint:
//	        type: module
//	        settings:
//	          checks: ["all", "-missingwake"]
//	          blocking: ["example.com/db.(*Conn).Query"]
//	          nonblocking: ["example.com/cache.Get"]
//	          lock_types: ["example.com/spin.Lock"]
//	          disable:
//	            internal/legacy: ["blocking"]
//
// The keys and their meaning are those of asynclint.toml (see
// internal/config), validated by the same code, so the command line, the
// configuration file and this plugin cannot disagree about a setting. An
// unknown key, a value of the wrong type, a malformed function name or an
// unknown check stops golangci-lint with a message naming the setting.
//
// Each finding's text starts with its check's name ("blocking: ..."), which
// golangci-lint's exclusion rules can match; //nolint:asynclint silences
// every check on a line. See docs/integrations.md.
package golangci

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/config"
	"github.com/asynclint/asynclint/internal/engine"
	"github.com/asynclint/asynclint/internal/settings"
	"github.com/asynclint/asynclint/internal/suggest"
	"github.com/asynclint/asynclint/internal/suite"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Name is the linter's name in .golangci.yml (linters.settings.custom.NAME)
// and in //nolint comments.
const Name = "asynclint"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings, the "settings" map under
// linters.settings.custom.asynclint in .golangci.yml. The keys are
// asynclint.toml's; a test holds them to settings.Settings' toml keys.
type Settings struct {
	// Checks selects the checks in -checks syntax, applied in order: "all",
	// "NAME", "-NAME", "-all". Absent means every check.
	Checks []string `json:"checks"`
	// Blocking, NonBlocking and LockTypes are settings.Settings' lists.
	Blocking    []string `json:"blocking"`
	NonBlocking []string `json:"nonblocking"`
	LockTypes   []string `json:"lock_types"`
	// Disable maps a path pattern to the checks disabled under it, as the
	// -disable flag does: a relative pattern matches those path segments
	// anywhere ("internal/legacy", "*_gen.go"), an absolute one everything
	// below it.
	Disable map[string][]string `json:"disable"`
}

// keys are the setting names in Settings' order, for hints.
var keys = jsonKeys(reflect.TypeFor[Settings]())

// Plugin is the golangci-lint LinterPlugin for a decoded configuration.
type Plugin struct {
	opts engine.Options
}

// New decodes and validates golangci-lint's raw settings (nil when
// .golangci.yml gives none). It is the constructor register.Plugin wants.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, settingsError(err)
	}
	opts, err := s.Options(suite.Names())
	if err != nil {
		return nil, fmt.Errorf("%s settings: %v", Name, err)
	}
	return &Plugin{opts: opts}, nil
}

// Options turns the settings into the engine's options, validating them
// with the code the command line and asynclint.toml use. known lists every
// check name, in the suite's order.
func (s Settings) Options(known []string) (engine.Options, error) {
	var o engine.Options
	if s.Checks != nil {
		on, err := config.Resolve(s.Checks, known)
		if err != nil {
			return engine.Options{}, fmt.Errorf("checks: %v", err)
		}
		if len(on) == 0 {
			return engine.Options{}, fmt.Errorf("checks: %q enables no check; to turn asynclint off, remove it from linters.enable", s.Checks)
		}
		if len(on) < len(known) {
			o.Checks = on // nil means every check
		}
	}
	// A conversion, not a copy field by field: a setting added to
	// settings.Settings stops this from compiling until it is added here.
	o.Settings = settings.Settings(lists{s.Blocking, s.NonBlocking, s.LockTypes})
	if err := o.Settings.Validate(); err != nil {
		return engine.Options{}, err
	}
	patterns := make([]string, 0, len(s.Disable))
	for p := range s.Disable {
		patterns = append(patterns, p)
	}
	sort.Strings(patterns)
	for _, p := range patterns {
		r := suppress.PathRule{Pattern: p, Checks: s.Disable[p]}
		if err := r.Validate(); err != nil {
			return engine.Options{}, fmt.Errorf("disable: %v", err)
		}
		for _, c := range r.Checks {
			if c != "all" && !slices.Contains(known, c) {
				_, err := config.Resolve([]string{c}, known)
				return engine.Options{}, fmt.Errorf("disable: %q: %v", p, err)
			}
		}
		o.PathRules = append(o.PathRules, r)
	}
	return o, nil
}

// lists has settings.Settings' fields without their tags.
type lists struct {
	Blocking    []string
	NonBlocking []string
	LockTypes   []string
}

// BuildAnalyzers installs the settings and returns the enabled checks,
// wrapped so that //asynclint:ignore directives and the per-path disables
// apply, plus the check that reports stale or malformed directives.
//
// The settings are process-wide (settings.Set): golangci-lint builds one
// plugin per configuration and runs it once, so that is not a restriction.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	if err := settings.Set(&p.opts.Settings); err != nil {
		return nil, err
	}
	return engine.Analyzers(suite.All(), p.opts, true), nil
}

// GetLoadMode asks for type information: the checks need types, SSA and
// facts about dependencies.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// settingsError rewords register.DecodeSettings' JSON errors so that they
// name the setting in .golangci.yml's terms.
func settingsError(err error) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return fmt.Errorf("%s settings: want a map of settings (%s), not %s", Name, strings.Join(keys, ", "), jsonKind(typeErr.Value))
		}
		// The error names the field, not the list index or map key inside it.
		what := "want"
		if f, ok := fieldByKey(field); ok && f.Type != typeErr.Type {
			what = "each item wants"
			if f.Type.Kind() == reflect.Map {
				what = "each path wants"
			}
		}
		return fmt.Errorf("%s settings: %s: %s %s, not %s", Name, field, what, describe(typeErr.Type), jsonKind(typeErr.Value))
	case strings.Contains(err.Error(), "json: unknown field "):
		_, quoted, _ := strings.Cut(err.Error(), "json: unknown field ")
		key := strings.Trim(quoted, `"`)
		return fmt.Errorf("%s settings: unknown setting %q%s; the settings are %s", Name, key, suggest.Hint(key, keys), strings.Join(keys, ", "))
	}
	return fmt.Errorf("%s settings: %v", Name, err)
}

// describe names a settings type the way the docs do.
func describe(t reflect.Type) string {
	switch {
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return `a list of strings, e.g. ["a", "b"]`
	case t.Kind() == reflect.Map:
		return "a map of path: [checks]"
	case t.Kind() == reflect.String:
		return "a string"
	}
	return t.String()
}

// jsonKind turns encoding/json's value kind into words.
func jsonKind(v string) string {
	switch v {
	case "array":
		return "a list"
	case "object":
		return "a map"
	case "bool":
		return "a boolean"
	case "number":
		return "a number"
	case "string":
		return "a string"
	}
	return v
}

// fieldByKey returns the Settings field with the JSON name key.
func fieldByKey(key string) (reflect.StructField, bool) {
	for f := range reflect.TypeFor[Settings]().Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// jsonKeys returns the JSON names of t's fields, in order.
func jsonKeys(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, name)
	}
	return names
}
