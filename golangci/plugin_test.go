package golangci

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/internal/settings"
	"github.com/asynclint/asynclint/internal/suite"
	"github.com/asynclint/asynclint/internal/suppress"
)

// yamlish builds settings the way golangci-lint hands them to the plugin:
// viper's decoding of YAML, maps of string keys with []any lists.
func list(items ...string) []any {
	out := make([]any, len(items))
	for i, s := range items {
		out[i] = s
	}
	return out
}

func build(t *testing.T, conf any) []*analysis.Analyzer {
	t.Helper()
	p, err := New(conf)
	if err != nil {
		t.Fatalf("New(%v): %v", conf, err)
	}
	if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode = %q, want %q: the checks need types", mode, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatalf("the analyzers do not form a valid graph: %v", err)
	}
	return as
}

func names(as []*analysis.Analyzer) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(Name)
	if err != nil {
		t.Fatalf("init did not register the plugin: %v", err)
	}
	if _, err := newPlugin(nil); err != nil {
		t.Fatal(err)
	}
}

func TestDefaults(t *testing.T) {
	for _, conf := range []any{nil, map[string]any{}} {
		got := names(build(t, conf))
		want := append(suite.Names(), suppress.Name)
		if !slices.Equal(got, want) {
			t.Errorf("settings %v: analyzers %q, want every check then the directive reporter %q", conf, got, want)
		}
		if s := settings.Current(); len(s.Blocking)+len(s.NonBlocking)+len(s.LockTypes) != 0 {
			t.Errorf("settings %v installed %+v, want none", conf, s)
		}
	}
}

func TestSettings(t *testing.T) {
	conf := map[string]any{
		"checks":      list("all", "-lockawait"),
		"blocking":    list("example.com/db.(*Conn).Query", "(*example.com/c.T[K, V]).M"),
		"nonblocking": list("example.com/cache.Get"),
		"lock_types":  list("example.com/spin.Lock"),
		"disable":     map[string]any{"internal/legacy": list("blocking", "missingwake"), "gen/...": list("all")},
	}
	got := names(build(t, conf))
	want := slices.DeleteFunc(append(suite.Names(), suppress.Name), func(c string) bool { return c == "lockawait" })
	if !slices.Equal(got, want) {
		t.Errorf("analyzers %q, want %q", got, want)
	}
	wantSettings := settings.Settings{
		Blocking:    []string{"example.com/db.(*Conn).Query", "(*example.com/c.T[K, V]).M"},
		NonBlocking: []string{"example.com/cache.Get"},
		LockTypes:   []string{"example.com/spin.Lock"},
	}
	if s := settings.Current(); !reflect.DeepEqual(*s, wantSettings) {
		t.Errorf("BuildAnalyzers installed %+v, want %+v", *s, wantSettings)
	}

	p, _ := New(conf)
	rules := p.(*Plugin).opts.PathRules
	wantRules := []suppress.PathRule{
		{Pattern: "gen/...", Checks: []string{"all"}},
		{Pattern: "internal/legacy", Checks: []string{"blocking", "missingwake"}},
	}
	if !reflect.DeepEqual(rules, wantRules) {
		t.Errorf("path rules %+v, want %+v (sorted by pattern)", rules, wantRules)
	}

	// Keys arrive lowercased from viper; a list naming every check is "all".
	got = names(build(t, map[string]any{"Checks": list(suite.Names()...)}))
	if want := append(suite.Names(), suppress.Name); !slices.Equal(got, want) {
		t.Errorf("analyzers %q, want %q", got, want)
	}
}

func TestSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		conf any
		want string
	}{
		{map[string]any{"lock-types": list("a.B")}, `asynclint settings: unknown setting "lock-types" (did you mean lock_types?); the settings are checks, blocking, nonblocking, lock_types, disable`},
		{map[string]any{"checks": "all"}, `asynclint settings: checks: want a list of strings, e.g. ["a", "b"], not a string`},
		{map[string]any{"blocking": list("time.Sleep", "Sleep")}, `asynclint settings: blocking: "Sleep": a function is written with its package path`},
		{map[string]any{"blocking": []any{"time.Sleep", 3}}, `asynclint settings: blocking: each item wants a string, not a number`},
		{map[string]any{"lock_types": list("(sync.Mutex")}, `asynclint settings: lock_types: "(sync.Mutex": a method is written`},
		{map[string]any{"checks": list("all", "-lockawiat")}, `asynclint settings: checks: unknown check "lockawiat" (did you mean lockawait?)`},
		{map[string]any{"checks": list("-all")}, `checks: ["-all"] enables no check`},
		{map[string]any{"disable": list("internal/legacy")}, `asynclint settings: disable: want a map of path: [checks], not a list`},
		{map[string]any{"disable": map[string]any{"x": "blocking"}}, `asynclint settings: disable: each path wants a list of strings, e.g. ["a", "b"], not a string`},
		{map[string]any{"disable": map[string]any{"x": list("blockng")}}, `asynclint settings: disable: "x": unknown check "blockng" (did you mean blocking?)`},
		{map[string]any{"disable": map[string]any{"x": list()}}, `asynclint settings: disable: "x": no checks listed`},
		{"checks", `asynclint settings: want a map of settings (checks, blocking, nonblocking, lock_types, disable), not a string`},
	} {
		_, err := New(tc.conf)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("settings %v:\n got error %v\nwant %s", tc.conf, err, tc.want)
		}
	}
}

// The plugin's keys for the analysis settings are asynclint.toml's, so a
// user moves settings between the two files unchanged.
func TestKeysMatchConfigFile(t *testing.T) {
	var want []string
	for f := range reflect.TypeFor[settings.Settings]().Fields() {
		want = append(want, f.Tag.Get("toml"))
	}
	got := keys[1 : 1+len(want)] // after "checks"
	if !slices.Equal(got, want) {
		t.Errorf("plugin keys %q, want asynclint.toml's %q", got, want)
	}
}

// docs/integrations.md shows the example files verbatim, and the
// integration test runs those files, so the docs show what is tested.
func TestDocsShowExamples(t *testing.T) {
	docs, err := os.ReadFile("../docs/integrations.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"example/.custom-gcl.yml", "example/.golangci.yml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(docs), "```yaml\n"+string(data)+"```\n") {
			t.Errorf("docs/integrations.md does not show %s verbatim in a yaml block", name)
		}
	}
}
