package main

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/asynclint/asynclint/internal/engine"
	"github.com/asynclint/asynclint/internal/settings"
	"github.com/asynclint/asynclint/internal/suite"
)

// vettool speaks go vet's protocol (-V=full, -flags, unit.cfg). Our own flags
// are parsed here; what is left for unitchecker (-json, -fix, -diff and the
// .cfg file) is handed to unitchecker.Main with the analyzer list the flags
// select. Configuration files are not read: vet caches results by the tool's
// flags, so a setting read from a file would leave stale results behind.
func vettool(args []string) int {
	checks := suite.All()
	known := engine.Known(checks)

	fs := flag.NewFlagSet("asynclint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := engine.Register(fs, known)
	var (
		version   = fs.String("V", "", "print the version and exit (-V=full)")
		flagsJSON = fs.Bool("flags", false, "print the flags in JSON, for go vet")
		jsonOut   = fs.Bool("json", false, "print diagnostics and fixes as JSON")
		fix       = fs.Bool("fix", false, "apply the first fix of each diagnostic")
		diff      = fs.Bool("diff", false, "with -fix, print a diff instead of applying")
	)
	fs.Int("c", -1, "lines of context (go vet prints them itself)")
	for _, c := range checks {
		prefix := c.Analyzer.Name + "."
		c.Analyzer.Flags.VisitAll(func(af *flag.Flag) { fs.Var(af.Value, prefix+af.Name, af.Usage) })
	}
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(os.Stderr, "asynclint: %v%s\n", err, flagHint(err, fs))
		return exitFailure
	}
	switch {
	case *flagsJSON:
		return printFlags(fs)
	case *version != "":
		return printVersion(*version)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, `asynclint: under go vet, the last argument is a unit.cfg file; run "asynclint -help" for standalone use`)
		return exitFailure
	}
	cfgFile := fs.Arg(0)
	tuneGC()

	opts, err := f.Options(engine.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "asynclint: %v\n", err)
		return exitFailure
	}
	if err := settings.Set(&opts.Settings); err != nil {
		fmt.Fprintf(os.Stderr, "asynclint: %v\n", err)
		return exitFailure
	}
	engine.RegisterFacts(checks)
	analyzers := engine.Analyzers(checks, opts, !vetxOnly(cfgFile))

	// unitchecker.Main parses os.Args itself, with its own flags only.
	rest := []string{os.Args[0]}
	if *jsonOut {
		rest = append(rest, "-json")
	}
	if *fix {
		rest = append(rest, "-fix")
	}
	if *diff {
		rest = append(rest, "-diff")
	}
	os.Args = append(rest, cfgFile)
	unitchecker.Main(analyzers...) // exits
	return exitFailure
}

// vetxOnly reports whether vet runs this unit only for the facts its
// importers need (a dependency, not a package the user named).
func vetxOnly(cfgFile string) bool {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return false // unitchecker will report it
	}
	var cfg struct{ VetxOnly bool }
	return json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
}

// printFlags prints the flags go vet may pass on, in the JSON form of the
// vettool protocol. -fix is left out as unitchecker does: vet handles it.
func printFlags(fs *flag.FlagSet) int {
	type jsonFlag struct {
		Name  string
		Bool  bool
		Usage string
	}
	var out []jsonFlag
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "fix" {
			return
		}
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		out = append(out, jsonFlag{f.Name, ok && b.IsBoolFlag(), f.Usage})
	})
	data, err := json.MarshalIndent(out, "", "\t")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return exitFailure
	}
	os.Stdout.Write(data)
	return exitClean
}

// printVersion answers -V=full with a content hash of the executable, the
// form vet's cache expects ("NAME version devel ... buildID=HASH"), so that
// any change to the tool invalidates vet's cached results and an identical
// rebuild (go run) reuses them.
func printVersion(v string) int {
	if v != "full" {
		fmt.Fprintf(os.Stderr, "asynclint: unsupported flag value: -V=%s (use -V=full)\n", v)
		return exitFailure
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "asynclint:", err)
		return exitFailure
	}
	f, err := os.Open(exe)
	if err != nil {
		fmt.Fprintln(os.Stderr, "asynclint:", err)
		return exitFailure
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		fmt.Fprintln(os.Stderr, "asynclint:", err)
		return exitFailure
	}
	fmt.Printf("%s version devel comments-go-here buildID=%x\n", filepath.Base(exe), h.Sum(nil))
	return exitClean
}

// gcPercent and memoryLimit tune the collector for a vet unit: a process
// that analyzes one package and exits. Building SSA allocates a lot of
// short-lived garbage: at the default GOGC=100 a cold run took 30–40%
// more user CPU than at 400, which costs about 15% more peak memory per
// process (docs/performance.md, "Profiles, and what they changed"). The memory limit caps what the higher GOGC may add
// on an unusually large package: near it the collector runs as often as
// needed again. The compiler tunes its collector for the same reason.
// A GOGC or GOMEMLIMIT in the environment wins over both.
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
