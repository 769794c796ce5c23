package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var known = []string{"blocking", "lockawait", "droppedfuture", "missingwake"}

func TestParseGood(t *testing.T) {
	const src = `# a full file
checks = ["all", "-missingwake"]
blocking = ["example.com/db.Query", "(*example.com/db.Conn).Exec"]
nonblocking = ["example.com/cache.Get"]
lock_types = ["example.com/spin.Lock"]

[disable]
"internal/legacy" = ["blocking", "lockawait"]
"/abs/gen/..." = ["all"]
`
	f, err := Parse("/repo/asynclint.toml", []byte(src), known)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"all", "-missingwake"}; !reflect.DeepEqual(f.Checks, want) {
		t.Errorf("Checks = %q, want %q", f.Checks, want)
	}
	if len(f.Settings.Blocking) != 2 || f.Settings.NonBlocking[0] != "example.com/cache.Get" || f.Settings.LockTypes[0] != "example.com/spin.Lock" {
		t.Errorf("Settings = %+v", f.Settings)
	}
	if len(f.Disable) != 2 {
		t.Fatalf("Disable = %+v", f.Disable)
	}
	// Sorted by path; relative paths are made absolute against the file's directory.
	if f.Disable[0].Pattern != "/abs/gen/..." || f.Disable[1].Pattern != filepath.FromSlash("/repo/internal/legacy") {
		t.Errorf("Disable patterns = %q, %q", f.Disable[0].Pattern, f.Disable[1].Pattern)
	}
}

func TestParseEmpty(t *testing.T) {
	f, err := Parse("/repo/asynclint.toml", []byte("# nothing set\n"), known)
	if err != nil {
		t.Fatal(err)
	}
	if f.Checks != nil || len(f.Disable) != 0 {
		t.Errorf("empty file gave %+v", f)
	}
}

// Each mistake is reported at the line and column of its key.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"syntax", "checks = [\"all\"\nblocking = 1\n", "asynclint.toml:2: expected a comma"},
		{"unknown key", "checks = [\"all\"]\n\nblockng = [\"time.Sleep\"]\n", `asynclint.toml:3: unknown key "blockng" (did you mean blocking?)`},
		{"unknown check", "\nchecks = [\"all\", \"-lockawiat\"]\n", `asynclint.toml:2: checks: unknown check "lockawiat" (did you mean lockawait?)`},
		{"bad function", "\n\nblocking = [\"Sleep\"]\n", `asynclint.toml:3: blocking: "Sleep": a function is written with its package path`},
		{"bad method", "nonblocking = [\"(*T).M\"]\n", `asynclint.toml:1: nonblocking: "(*T).M": the receiver type needs its package path`},
		{"not a list", "lock_types = \"example.com/x.L\"\n", `asynclint.toml:1: lock_types: want a list of strings`},
		{"not strings", "blocking = [1, 2]\n", `asynclint.toml:1: blocking: want a list of strings, found an integer 1`},
		{"disable check", "[disable]\n\"a\" = [\"blocking\"]\n\"b\" = [\"blockin\"]\n", `asynclint.toml:3: disable."b": unknown check "blockin" (did you mean blocking?)`},
		{"disable glob", "[disable]\n\"a/[x\" = [\"all\"]\n", `asynclint.toml:2: disable."a/[x": "a/[x": bad pattern`},
		{"disable not table", "disable = [\"a\"]\n", `asynclint.toml:1: disable: want a table`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			if err := os.WriteFile(path, []byte(tc.src), 0o666); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path, known)
			if err == nil {
				t.Fatalf("no error for %q", tc.src)
			}
			msg := strings.ReplaceAll(err.Error(), path, FileName)
			if !strings.HasPrefix(msg, tc.want) {
				t.Errorf("error = %q, want prefix %q", msg, tc.want)
			}
		})
	}
}

func TestParseErrorsAll(t *testing.T) {
	src := "blocking = [\"x\"]\nfoo = 1\nchecks = [\"nope\"]\n"
	_, err := Parse("/repo/asynclint.toml", []byte(src), known)
	list, ok := err.(ErrorList)
	if !ok || len(list) != 3 {
		t.Fatalf("err = %v, want three errors", err)
	}
	for i, e := range list {
		if e.Line != i+1 {
			t.Errorf("error %d at line %d, want %d (sorted by line): %v", i, e.Line, i+1, e)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := Find(deep); ok {
		// A file above the temp dir would make this test meaningless.
		t.Skip("an asynclint.toml exists above the temp dir")
	}
	cfg := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(cfg, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	got, ok, err := Find(deep)
	if err != nil || !ok || got != cfg {
		t.Errorf("Find = %q, %v, %v; want %q", got, ok, err, cfg)
	}
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		spec []string
		want []string
		err  string
	}{
		{[]string{"all"}, known, ""},
		{[]string{"all", "-missingwake"}, []string{"blocking", "lockawait", "droppedfuture"}, ""},
		{[]string{"missingwake", "blocking"}, []string{"blocking", "missingwake"}, ""},
		{[]string{"all", "-all", "lockawait"}, []string{"lockawait"}, ""},
		{nil, nil, ""},
		{[]string{"all", "-blockng"}, nil, `unknown check "blockng" (did you mean blocking?)`},
	} {
		got, err := Resolve(tc.spec, known)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Resolve(%q) error = %v, want %q", tc.spec, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.spec, got, err, tc.want)
		}
	}
}
