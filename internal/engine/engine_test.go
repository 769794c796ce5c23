package engine

import (
	"flag"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/settings"
	"github.com/asynclint/asynclint/internal/suppress"
)

var known = []string{"blocking", "lockawait", "droppedfuture", "missingwake"}

func parse(t *testing.T, base Options, args ...string) (Options, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := Register(fs, known)
	if err := fs.Parse(args); err != nil {
		return Options{}, err
	}
	return f.Options(base)
}

func TestFlagsChecks(t *testing.T) {
	for _, tc := range []struct {
		args []string
		base []string
		want []string // nil: every check
	}{
		{nil, nil, nil},
		{[]string{"-blocking=false"}, nil, []string{"lockawait", "droppedfuture", "missingwake"}},
		{[]string{"-blocking"}, nil, []string{"blocking"}}, // vet: -NAME alone runs only it
		{[]string{"-missingwake", "-blocking=true"}, nil, []string{"blocking", "missingwake"}},
		{[]string{"-checks=all,-lockawait"}, nil, []string{"blocking", "droppedfuture", "missingwake"}},
		{[]string{"-checks=lockawait", "-blocking"}, nil, []string{"blocking", "lockawait"}},
		{[]string{"-checks=all", "-blocking=false", "-blocking=true"}, nil, nil}, // the last flag wins
		{nil, []string{"blocking"}, []string{"blocking"}},                        // from the file
		{[]string{"-lockawait"}, []string{"blocking"}, []string{"lockawait"}},
		{[]string{"-checks=all"}, []string{"blocking"}, nil}, // -checks replaces the file's list
		{[]string{"-checks=-all"}, nil, []string{}},
	} {
		got, err := parse(t, Options{Checks: tc.base}, tc.args...)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if (got.Checks == nil) != (tc.want == nil) || !slices.Equal(got.Checks, tc.want) {
			t.Errorf("%q over %q: checks %q, want %q", tc.args, tc.base, got.Checks, tc.want)
		}
	}
}

func TestFlagsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-checks=all,-blockng"}, `unknown check "blockng" (did you mean blocking?)`},
		{[]string{"-blocking-funcs=Sleep"}, `"Sleep": a function is written with its package path`},
		{[]string{"-disable=legacy"}, `want PATH:CHECK`},
		{[]string{"-disable=legacy:lockawiat"}, `unknown check "lockawiat" (did you mean lockawait?)`},
	} {
		_, err := parse(t, Options{}, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

func TestFlagsSettings(t *testing.T) {
	base := Options{
		Settings:  settings.Settings{Blocking: []string{"example.com/a.F"}},
		PathRules: []suppress.PathRule{{Pattern: "/x", Checks: []string{"all"}}},
	}
	got, err := parse(t, base, "-blocking-funcs=example.com/b.G,(*example.com/c.T[K,V]).M", "-blocking-funcs=example.com/d.H",
		"-nonblocking-funcs=example.com/e.I", "-lock-types=example.com/spin.Lock", "-disable=gen:blocking", "-test=false")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"example.com/a.F", "example.com/b.G", "(*example.com/c.T[K,V]).M", "example.com/d.H"}; !slices.Equal(got.Settings.Blocking, want) {
		t.Errorf("Blocking = %q, want %q (the file's, then the flags', split outside brackets)", got.Settings.Blocking, want)
	}
	if len(got.Settings.NonBlocking) != 1 || len(got.Settings.LockTypes) != 1 || !got.SkipTests || len(got.PathRules) != 2 {
		t.Errorf("options = %+v", got)
	}
}

// Args is the canonical flag form: defaults omitted, lists sorted, so equal
// options share vet's cache; and parsing Args gives the options back.
func TestArgsRoundTrip(t *testing.T) {
	if args := (Options{}).Args(known); len(args) != 0 {
		t.Errorf("default options give flags %q; want none, to share vet's cache with a plain go vet run", args)
	}
	o := Options{
		Checks:    []string{"missingwake", "blocking"},
		Settings:  settings.Settings{Blocking: []string{"z.Z", "a.A", "z.Z"}, LockTypes: []string{"example.com/spin.Lock"}},
		SkipTests: true,
		PathRules: []suppress.PathRule{{Pattern: "/src/gen", Checks: []string{"blocking", "lockawait"}}},
	}
	args := o.Args(known)
	want := []string{"-checks=blocking,missingwake", "-test=false", "-blocking-funcs=a.A", "-blocking-funcs=z.Z",
		"-lock-types=example.com/spin.Lock", "-disable=/src/gen:blocking,lockawait"}
	if !slices.Equal(args, want) {
		t.Errorf("Args = %q, want %q", args, want)
	}
	back, err := parse(t, Options{}, args...)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Args(known), args) {
		t.Errorf("round trip: %q, want %q", back.Args(known), args)
	}
	if got := (Options{Checks: []string{}}).Args(known); !slices.Equal(got, []string{"-checks=-all"}) {
		t.Errorf("no checks: %q", got)
	}
}

func TestParsePosition(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Position
	}{
		{"/a/b.go:3:7", Position{"/a/b.go", 3, 7}},
		{"C:/a/b.go:3:7", Position{"C:/a/b.go", 3, 7}},
		{"/a/b.go:3", Position{"/a/b.go", 3, 0}},
		{"-", Position{}},
	} {
		got := parsePosition(tc.in)
		if got != tc.want {
			t.Errorf("parsePosition(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
		if tc.in != "-" && got.String() != tc.in {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), tc.in)
		}
	}
}

func TestParseVetOutput(t *testing.T) {
	stdout := `{
	"example.com/a": {
		"blocking": [{"posn": "/src/a.go:4:2", "end": "/src/a.go:4:20", "message": "time.Sleep blocks",
			"suggested_fixes": [{"message": "await", "edits": [{"filename": "/src/a.go", "start": 10, "end": 20, "new": "x"}]}],
			"related": [{"posn": "/src/a.go:2:1", "end": "/src/a.go:2:1", "message": "here"}]}],
		"lockawait": {"error": "internal error"}
	}
}
{"example.com/b": {"blocking": [{"posn": "/src/b.go:1:1", "end": "/src/b.go:1:1", "message": "m"}]}}
`
	res := new(Result)
	if err := parseJSON([]byte(stdout), res); err != nil {
		t.Fatal(err)
	}
	res.addLog([]byte("go: warning: \"./x/...\" matched no packages\npattern ./y: lstat ./y: no such file or directory\n# example.com/c\nc.go:1:1: syntax error\nc.go:2:1: more\n# example.com/d\n"))
	res.normalize()
	if len(res.Findings) != 2 || res.Findings[0].Fixes[0].Edits[0].Start != 10 || res.Findings[0].Related[0].Pos.Line != 2 {
		t.Errorf("findings = %+v", res.Findings)
	}
	want := []Failure{
		{Package: "example.com/a", Check: "lockawait", Message: "internal error"},
		{Message: "pattern ./y: lstat ./y: no such file or directory"},
		{Package: "example.com/c", Message: "c.go:1:1: syntax error\nc.go:2:1: more"},
	}
	if !slices.Equal(res.Failures, want) {
		t.Errorf("failures = %q, want %q", res.Failures, want)
	}
	if want := []string{`go: warning: "./x/..." matched no packages`}; !slices.Equal(res.Warnings, want) {
		t.Errorf("warnings = %q, want %q", res.Warnings, want)
	}
}
