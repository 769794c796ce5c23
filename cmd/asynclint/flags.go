package main

import (
	"flag"
	"strings"

	"github.com/asynclint/asynclint/internal/suggest"
)

// flagHint returns " (did you mean -X?)" for an undefined flag close to a
// defined one.
func flagHint(err error, fs *flag.FlagSet) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if c := suggest.Closest(name, names); c != "" {
		return " (did you mean -" + c + "?)"
	}
	return ""
}
