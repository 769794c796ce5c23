// Package settings holds the user's settings that change what the analysis
// passes compute: extra blocking functions, functions known not to block,
// extra lock types. The command line, the asynclint.toml file, the
// golangci-lint plugin and the language server all end in one Settings value
// installed with Set; the passes read it with Current.
//
// The settings are process-wide because the analysis framework gives passes
// no other channel for them (analyzer flags are process-wide too). Under `go
// vet -vettool` every setting that changes results must therefore arrive as a
// command-line flag, because vet keys its result cache on the tool's flags, not
// on files the tool happens to read.
package settings

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
)

// Settings is the analysis-relevant configuration. Function names use
// go/types' (*types.Func).FullName form: "time.Sleep",
// "(*sync.WaitGroup).Wait", "(net.Conn).Read", "example.com/pkg.Helper".
type Settings struct {
	// Blocking lists functions to treat as blocking operations, in addition
	// to the built-in knowledge base.
	Blocking []string `toml:"blocking" json:"blocking,omitempty"`
	// NonBlocking lists functions known not to block: they are never
	// reported and blocking does not propagate through them.
	NonBlocking []string `toml:"nonblocking" json:"nonblocking,omitempty"`
	// LockTypes lists extra named types ("example.com/pkg.SpinLock") whose
	// Lock/Unlock (and RLock/RUnlock) methods behave like sync.Mutex's.
	LockTypes []string `toml:"lock_types" json:"lockTypes,omitempty"`
}

var current atomic.Pointer[Settings]

// Current returns the settings in force; never nil.
func Current() *Settings {
	if s := current.Load(); s != nil {
		return s
	}
	return &Settings{}
}

// Set installs s as the settings in force for every analysis that starts
// afterwards. It validates the names first.
func Set(s *Settings) error {
	if s == nil {
		s = &Settings{}
	}
	if err := s.Validate(); err != nil {
		return err
	}
	current.Store(s)
	return nil
}

// Validate checks that every function and type name has the FullName form.
func (s *Settings) Validate() error {
	for _, list := range []struct {
		field string
		names []string
	}{{"blocking", s.Blocking}, {"nonblocking", s.NonBlocking}, {"lock_types", s.LockTypes}} {
		for _, n := range list.names {
			if err := checkName(n); err != nil {
				return fmt.Errorf("%s: %q: %v", list.field, n, err)
			}
		}
	}
	return nil
}

// checkName accepts "pkg/path.Name", "(*pkg/path.T).M" and "(pkg/path.T).M".
func checkName(n string) error {
	if n == "" {
		return fmt.Errorf("empty name")
	}
	// go/types prints the type arguments of a generic receiver with spaces,
	// "(*pkg.T[K, V]).M"; anywhere else a space is a mistake.
	if strings.ContainsAny(stripBrackets(n), " \t") {
		return fmt.Errorf("names contain no spaces; write it as go/types prints it, e.g. \"(*sync.WaitGroup).Wait\"")
	}
	if strings.HasPrefix(n, "(") {
		end := strings.Index(n, ")")
		if end < 0 || end+2 > len(n) || n[end+1] != '.' {
			return fmt.Errorf("a method is written \"(*pkg.T).Method\" or \"(pkg.T).Method\"")
		}
		recv := strings.TrimPrefix(n[1:end], "*")
		if !strings.Contains(recv, ".") {
			return fmt.Errorf("the receiver type needs its package path, e.g. \"(*sync.WaitGroup).Wait\"")
		}
		return nil
	}
	if !strings.Contains(n, ".") {
		return fmt.Errorf("a function is written with its package path, e.g. \"time.Sleep\" or \"example.com/pkg.Helper\"")
	}
	return nil
}

// IsBlocking reports whether the user listed name as blocking.
func (s *Settings) IsBlocking(name string) bool { return slices.Contains(s.Blocking, name) }

// IsNonBlocking reports whether the user listed name as known not to block.
func (s *Settings) IsNonBlocking(name string) bool { return slices.Contains(s.NonBlocking, name) }

// IsLockType reports whether the user listed the named type (as
// "pkg/path.Name") as a lock.
func (s *Settings) IsLockType(name string) bool { return slices.Contains(s.LockTypes, name) }

// stripBrackets removes every [...] group (type argument lists) from n.
func stripBrackets(n string) string {
	var b strings.Builder
	depth := 0
	for _, r := range n {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
