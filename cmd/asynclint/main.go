// Command asynclint finds the pitfalls of asynchronous Go code written on the
// asyncrt runtime: blocking calls on executor workers, mutexes held across
// await points, futures that are never polled, Poll methods that return
// Pending without arranging a wake-up, and the rest of the checks that
// `asynclint -list` prints (docs/README.md describes each).
//
// It runs in two modes, with the same checks and the same results:
//
//	asynclint [flags] [packages]                  # standalone
//	go vet -vettool=$(which asynclint) [flags] [packages]
//
// Standalone, it reads asynclint.toml, runs `go vet` with itself as the vet
// tool (see internal/engine for why), and prints the findings as text, JSON
// (-json) or SARIF (-sarif). Exit status: 0 no findings, 1 the tool failed
// (bad flags or configuration, a package that does not compile), 3 findings.
// Under go vet, vet decides the exit status (1 for findings).
//
// Run `asynclint -help` for the flags and `asynclint -explain CHECK` for a
// check's documentation.
package main

import (
	"os"
	"path/filepath"
	"strings"

	"honnef.co/go/tools/analysis/lint"

	"github.com/asynclint/asynclint/internal/lsp"
	"github.com/asynclint/asynclint/internal/suite"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Exit codes.
const (
	exitClean    = 0
	exitFailure  = 1
	exitFindings = 3
)

func main() {
	args := os.Args[1:]
	if isVetProtocol(args) {
		os.Exit(vettool(args))
	}
	// Editor integration (internal/lsp): `asynclint gopls` (also as a link
	// named asynclint-gopls, for editors that take a gopls path) and
	// `asynclint lsp`.
	if strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe") == lsp.ProxyName {
		os.Exit(lsp.Gopls(args, os.Stdin, os.Stdout, os.Stderr))
	}
	if len(args) > 0 && (args[0] == "gopls" || args[0] == "lsp") {
		if args[0] == "gopls" {
			os.Exit(lsp.Gopls(args[1:], os.Stdin, os.Stdout, os.Stderr))
		}
		os.Exit(lsp.Serve(args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(standalone(args))
}

// isVetProtocol reports whether go vet is talking to us: it asks for the
// version (-V=full), the flags (-flags), or passes a unit's .cfg file last.
func isVetProtocol(args []string) bool {
	if len(args) == 0 {
		return false
	}
	for _, a := range args {
		switch strings.TrimLeft(a, "-") {
		case "V=full", "flags":
			return strings.HasPrefix(a, "-")
		}
	}
	last := args[len(args)-1]
	return strings.HasSuffix(last, ".cfg") && filepath.IsAbs(last)
}

// documented returns every check plus the suppress check, for -explain,
// -list and SARIF rules.
func documented() []*lint.Analyzer {
	return append(suite.All(), suppress.Check)
}
