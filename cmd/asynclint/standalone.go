package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"

	"honnef.co/go/tools/analysis/lint"

	"github.com/asynclint/asynclint/internal/config"
	"github.com/asynclint/asynclint/internal/engine"
	"github.com/asynclint/asynclint/internal/output"
	"github.com/asynclint/asynclint/internal/sarif"
	"github.com/asynclint/asynclint/internal/suggest"
	"github.com/asynclint/asynclint/internal/suite"
)

const usage = `asynclint finds async pitfalls in Go code that uses the asyncrt runtime.

Usage:
	asynclint [flags] [packages]          analyze packages (default ".")
	asynclint -explain CHECK              print a check's documentation
	asynclint -list                       list the checks
	asynclint help [CHECK]                this text, or a check's documentation
	go vet -vettool=$(which asynclint) [flags] [packages]

Exit status: 0 no findings, 1 failure (bad flags or configuration, a package
that does not compile, an analyzer error), 3 findings.

Configuration is read from asynclint.toml, found by walking up from each
package's directory; flags apply on top of it. Under go vet no file is read:
pass settings as flags (asynclint -vetflags prints them for the file here).

Flags:
`

// standalone is the command line: `asynclint [flags] packages`.
func standalone(args []string) int {
	checks := suite.All()
	known := engine.Known(checks)

	fs := flag.NewFlagSet("asynclint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := engine.Register(fs, known)
	var (
		jsonOut  = fs.Bool("json", false, "print findings as JSON (the x/tools analysis form)")
		sarifOut = fs.Bool("sarif", false, "print findings as SARIF 2.1.0 (for GitHub code scanning)")
		context_ = fs.Int("c", -1, "show each finding with this many lines of source context")
		fix      = fs.Bool("fix", false, "apply the suggested fixes, then report what is left")
		diff     = fs.Bool("diff", false, "with -fix, print the fixes as a diff instead of applying them")
		explain  = fs.String("explain", "", "print the documentation of a check and exit")
		list     = fs.Bool("list", false, "list the checks and exit")
		cfgPath  = fs.String("config", "", `use this configuration file instead of looking for asynclint.toml ("none": no file)`)
		tags     = fs.String("tags", "", "build tags, as for go build")
		vetflags = fs.Bool("vetflags", false, "print the go vet flags equivalent to the configuration and flags, and exit")
		version  = fs.Bool("version", false, "print the version and exit")
	)
	// The flag package calls Usage on every parse error; print the whole
	// usage only when asked for it.
	fs.Usage = func() {}
	printUsage := func() {
		fmt.Fprint(os.Stdout, usage)
		fs.SetOutput(os.Stdout)
		fs.PrintDefaults()
	}
	for _, c := range checks {
		prefix := c.Analyzer.Name + "."
		c.Analyzer.Flags.VisitAll(func(af *flag.Flag) { fs.Var(af.Value, prefix+af.Name, af.Usage) })
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage()
			return exitClean
		}
		fmt.Fprintf(os.Stderr, "asynclint: %v%s\nRun 'asynclint -help' for usage.\n", err, flagHint(err, fs))
		return exitFailure
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(os.Stderr, "asynclint: "+format+"\n", args...)
		return exitFailure
	}

	// "asynclint help [CHECK]", which go vet's usage message suggests.
	if fs.NArg() > 0 && fs.Arg(0) == "help" {
		if fs.NArg() > 1 {
			return explainCheck(fs.Arg(1))
		}
		printUsage()
		return exitClean
	}
	switch {
	case *version:
		fmt.Println("asynclint", toolVersion())
		return exitClean
	case *list:
		for _, c := range documented() {
			fmt.Printf("%-14s %s\n", c.Analyzer.Name, c.Doc.Compile().Title)
		}
		return exitClean
	case *explain != "":
		return explainCheck(*explain)
	case *jsonOut && *sarifOut:
		return fail("-json and -sarif cannot be used together")
	case *diff && !*fix:
		return fail("-diff requires -fix")
	}
	// Analyzer flags (NAME.flag) are passed on to vet as given.
	var passOn []string
	fs.Visit(func(fl *flag.Flag) {
		if strings.Contains(fl.Name, ".") {
			passOn = append(passOn, "-"+fl.Name+"="+fl.Value.String())
		}
	})

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	var buildFlags []string
	if *tags != "" {
		buildFlags = append(buildFlags, "-tags="+*tags)
	}

	groups, err := configGroups(ctx, *cfgPath, patterns, buildFlags, known)
	if err != nil {
		return fail("%v", err)
	}
	if *vetflags {
		if len(groups) > 1 {
			return fail("the packages are governed by %d different configuration files; run -vetflags in each directory", len(groups))
		}
		opts, err := groupOptions(groups[0], f, known)
		if err != nil {
			return fail("%v", err)
		}
		fmt.Println(strings.Join(append(opts.Args(known), passOn...), " "))
		return exitClean
	}

	res := new(engine.Result)
	for _, g := range groups {
		opts, err := groupOptions(g, f, known)
		if err != nil {
			return fail("%v", err)
		}
		if len(opts.Checks) == 0 && opts.Checks != nil {
			return fail("no checks are enabled; the checks are %s", strings.Join(known, ", "))
		}
		r, err := engine.Run(ctx, engine.Request{
			Patterns:   g.Patterns,
			BuildFlags: buildFlags,
			ToolFlags:  passOn,
			Known:      known,
			Options:    opts,
			Fix:        *fix,
			Diff:       *diff,
		})
		if err != nil {
			return fail("%v", err)
		}
		res.Merge(r)
	}

	for _, w := range res.Warnings {
		fmt.Fprintln(os.Stderr, w)
	}
	for _, failure := range res.Failures {
		fmt.Fprintln(os.Stderr, failure)
	}
	if *fix && *diff {
		if res.Failed() {
			return exitFailure
		}
		return exitClean
	}
	wd, _ := os.Getwd()
	switch {
	case *jsonOut:
		err = output.JSON(os.Stdout, res)
	case *sarifOut:
		rules := make([]sarif.Rule, 0, len(documented()))
		for _, c := range documented() {
			rules = append(rules, sarif.RuleFor(c))
		}
		err = sarif.Write(os.Stdout, sarif.Build(res, rules, sarif.Tool{
			Name:           "asynclint",
			Version:        toolVersion(),
			InformationURI: "https://github.com/asynclint/asynclint",
		}, wd))
	default:
		err = output.Text(os.Stdout, res, output.TextOptions{Context: *context_, Dir: wd})
	}
	if err != nil {
		return fail("%v", err)
	}
	switch {
	case res.Failed():
		return exitFailure
	case len(res.Findings) > 0:
		return exitFindings
	}
	return exitClean
}

// configGroups finds the configuration for the packages: the file named by
// -config, none for -config=none, or each package's asynclint.toml.
func configGroups(ctx context.Context, path string, patterns, buildFlags, known []string) ([]engine.Group, error) {
	switch path {
	case "":
		return engine.Discover(ctx, "", patterns, buildFlags, nil, known)
	case "none":
		return []engine.Group{{Patterns: patterns}}, nil
	}
	f, err := config.Load(path, known)
	if err != nil {
		return nil, err
	}
	return []engine.Group{{Config: f, Patterns: patterns}}, nil
}

func groupOptions(g engine.Group, f *engine.Flags, known []string) (engine.Options, error) {
	base, err := engine.Base(g.Config, known)
	if err != nil {
		return engine.Options{}, err
	}
	return f.Options(base)
}

// explainCheck prints a check's documentation, as staticcheck -explain does.
func explainCheck(name string) int {
	var names []string
	for _, c := range documented() {
		if c.Analyzer.Name == name {
			printDoc(os.Stdout, c)
			return exitClean
		}
		names = append(names, c.Analyzer.Name)
	}
	fmt.Fprintf(os.Stderr, "asynclint: unknown check %q%s; the checks are %s\n", name, suggest.Hint(name, names), strings.Join(names, ", "))
	return exitFailure
}

func printDoc(w io.Writer, c *lint.Analyzer) {
	fmt.Fprintf(w, "%s: %s", c.Analyzer.Name, c.Doc.Compile().Format(true))
	fmt.Fprintf(w, "\nOnline documentation\n    %s\n", c.Analyzer.URL)
}

// toolVersion is the module version the binary was built from, or "devel".
func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
