package engine

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/asynclint/asynclint/internal/config"
)

// A Group is a set of packages governed by the same configuration file.
type Group struct {
	Config   *config.File // nil when no file governs them
	Patterns []string
}

// Discover finds the asynclint.toml that governs each package matched by
// patterns (the nearest one at or above the package's directory) and groups
// the packages by it. Settings shape the facts computed for dependencies, so
// each group is one vet run. In the usual case of one group the original
// patterns are kept, so that vet's own messages (a pattern matching nothing)
// are unchanged. A configuration file with mistakes is an error.
func Discover(ctx context.Context, dir string, patterns, buildFlags, env, known []string) ([]Group, error) {
	args := append([]string{"list", "-e", "-f", "{{.ImportPath}}\t{{.Dir}}"}, buildFlags...)
	args = append(append(args, "--"), patterns...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		// The patterns are bad; vet will say how. Use the file governing
		// the working directory.
		return single(dir, patterns, known)
	}

	files := make(map[string]*config.File) // path -> loaded file
	byDir := make(map[string]string)       // package dir -> config path ("" if none)
	var order []string                     // config paths in first-seen order
	members := make(map[string][]string)   // config path -> import paths
	for line := range strings.Lines(out.String()) {
		path, pkgDir, ok := strings.Cut(strings.TrimSpace(line), "\t")
		if !ok || pkgDir == "" {
			continue
		}
		cfgPath, seen := byDir[pkgDir]
		if !seen {
			p, found, err := config.Find(pkgDir)
			if err != nil {
				return nil, err
			}
			if found {
				cfgPath = p
			}
			byDir[pkgDir] = cfgPath
		}
		if cfgPath != "" && files[cfgPath] == nil {
			f, err := config.Load(cfgPath, known)
			if err != nil {
				return nil, err
			}
			files[cfgPath] = f
		}
		if _, ok := members[cfgPath]; !ok {
			order = append(order, cfgPath)
		}
		members[cfgPath] = append(members[cfgPath], path)
	}
	if len(order) <= 1 {
		var f *config.File
		if len(order) == 1 {
			f = files[order[0]]
		}
		return []Group{{Config: f, Patterns: patterns}}, nil
	}
	groups := make([]Group, len(order))
	for i, p := range order {
		groups[i] = Group{Config: files[p], Patterns: members[p]}
	}
	return groups, nil
}

func single(dir string, patterns, known []string) ([]Group, error) {
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	p, found, err := config.Find(abs)
	if err != nil || !found {
		return []Group{{Patterns: patterns}}, err
	}
	f, err := config.Load(p, known)
	if err != nil {
		return nil, err
	}
	return []Group{{Config: f, Patterns: patterns}}, nil
}

// Base returns the options a configuration file sets (the zero Options for
// nil), on top of which command-line flags apply.
func Base(f *config.File, known []string) (Options, error) {
	if f == nil {
		return Options{}, nil
	}
	o := Options{Settings: f.Settings, PathRules: f.Disable}
	if f.Checks != nil {
		on, err := config.Resolve(f.Checks, known)
		if err != nil {
			return Options{}, &config.Error{File: f.Path, Msg: err.Error()}
		}
		o.Checks = on
		if o.Checks == nil {
			o.Checks = []string{} // nil would mean every check
		}
	}
	return o, nil
}
