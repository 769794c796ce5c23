package suppress

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// A PathRule disables checks for the files under a path: the per-path
// disables of asynclint.toml, and the -disable flag.
//
// An absolute Pattern covers the file or directory it names and everything
// below it. A relative Pattern covers any file whose path contains its
// segments in a row: "internal/legacy" covers /src/x/internal/legacy/a.go,
// and "*_gen.go" covers every file so named. Segments may use path.Match
// globs; a final "..." segment is allowed and means what it means to the go
// command (everything below).
type PathRule struct {
	Pattern string
	Checks  []string // check names; "all" covers every check
}

// ParsePathRule parses the flag form "PATTERN:CHECK[,CHECK...]".
func ParsePathRule(s string) (PathRule, error) {
	i := strings.LastIndex(s, ":")
	if i <= 0 || i == len(s)-1 {
		return PathRule{}, fmt.Errorf("%q: want PATH:CHECK[,CHECK...], e.g. internal/legacy:blocking", s)
	}
	r := PathRule{Pattern: s[:i]}
	for c := range strings.SplitSeq(s[i+1:], ",") {
		if c = strings.TrimSpace(c); c != "" {
			r.Checks = append(r.Checks, c)
		}
	}
	if err := r.Validate(); err != nil {
		return PathRule{}, err
	}
	return r, nil
}

// String returns the flag form of r.
func (r PathRule) String() string { return r.Pattern + ":" + strings.Join(r.Checks, ",") }

// Validate reports a malformed glob or an empty check list.
func (r PathRule) Validate() error {
	if len(r.Checks) == 0 {
		return fmt.Errorf("%q: no checks listed", r.Pattern)
	}
	for _, seg := range segments(r.Pattern) {
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("%q: bad pattern: %v", r.Pattern, err)
		}
	}
	return nil
}

// covers reports whether r disables check for the file.
func (r PathRule) covers(check, file string) bool {
	if !slices.Contains(r.Checks, check) && !slices.Contains(r.Checks, "all") {
		return false
	}
	pat := segments(r.Pattern)
	if n := len(pat); n > 0 && pat[n-1] == "..." {
		pat = pat[:n-1]
	}
	if len(pat) == 0 {
		return true
	}
	segs := segments(file)
	if isAbs(r.Pattern) {
		return matchAt(pat, segs, 0)
	}
	for i := range segs {
		if matchAt(pat, segs, i) {
			return true
		}
	}
	return false
}

func isAbs(p string) bool { return filepath.IsAbs(p) || strings.HasPrefix(filepath.ToSlash(p), "/") }

// matchAt reports whether pat matches segs[i:i+len(pat)].
func matchAt(pat, segs []string, i int) bool {
	if i+len(pat) > len(segs) {
		return false
	}
	for j, p := range pat {
		if ok, _ := path.Match(p, segs[i+j]); !ok {
			return false
		}
	}
	return true
}

func segments(p string) []string {
	var out []string
	for s := range strings.SplitSeq(filepath.ToSlash(p), "/") {
		if s != "" && s != "." {
			out = append(out, s)
		}
	}
	return out
}
