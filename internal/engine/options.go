// Package engine runs asynclint's checks for every front end: the command
// line, `go vet -vettool`, the golangci-lint plugin and the language server
// share its analyzer list (Analyzers), its options and their flag form
// (Options, Flags), and its way of running the analysis over packages (Run).
//
// # Why the command line drives `go vet` underneath
//
// The standalone command (`asynclint ./...`) does not load the program
// itself: it runs `go vet -vettool=<itself>` with -json and renders the
// result. Each package is then analyzed in its own short-lived process from
// its dependencies' export data and facts, so memory stays at one package's
// syntax, types and SSA at a time, where the x/tools checker
// (golang.org/x/tools/go/analysis/checker) holds every package's at once;
// and vet's action cache keeps the facts of dependencies and the results of
// unchanged packages, so a warm run costs what a warm `go vet` costs, where
// the checker starts from scratch every time. Measured on 2 cores over the
// demo and the cross-package fixture with their std dependencies, the build
// cache holding export data but no analysis results (median of two runs):
//
//	x/tools checker, same analyzers:  9.0 s, 415 MB peak, every run
//	asynclint (vet underneath), cold: 7.4 s, 160 MB peak (largest process)
//	asynclint (vet underneath), warm: 0.47 s
//	go vet, cold / warm:              6.3 s, 110 MB / 0.49 s
//
// Over all of std the checker's peak grows to gigabytes (issue 12 measured
// 6.7 GiB for a do-nothing SSA analyzer) while vet's stays per-package.
// Driving vet also makes the two modes identical by construction: one code
// path analyzes a package, whichever way the user starts it.
//
// The price is that every setting that changes results must reach the tool
// as a command-line flag, because vet keys its cache on the tool's flags, not
// on files the tool reads. Options.Args is that flag form, canonical so that
// equal options share cache entries.
//
// # The API for other front ends
//
//   - Analyzers(checks, opts, true) is the analyzer list to hand to any
//     driver that runs analyzers itself (the golangci-lint plugin's
//     BuildAnalyzers, nogo): each enabled check wrapped so that
//     //asynclint:ignore directives and opts' filters apply, plus the
//     suppress check. Install opts.Settings with settings.Set first.
//   - Discover + Base turn the asynclint.toml files governing some packages
//     into Options; Register/Flags.Options add command-line flags on top.
//   - Run analyzes packages through vet, with Overlay for unsaved editor
//     buffers, and returns a Result of Findings (positions, related
//     positions, suggested fixes as byte-offset edits) and Failures.
package engine

import (
	"cmp"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/asynclint/asynclint/internal/config"
	"github.com/asynclint/asynclint/internal/settings"
	"github.com/asynclint/asynclint/internal/suppress"
)

// Options is everything that changes the results of a run, besides the
// packages: which checks run, the analysis settings, and the filters.
type Options struct {
	// Checks are the enabled check names; nil means every check.
	Checks   []string
	Settings settings.Settings
	// SkipTests drops findings in _test.go files (-test=false).
	SkipTests bool
	// PathRules are per-path disables.
	PathRules []suppress.PathRule
}

// Suppress returns the filter options for suppress.Wrap.
func (o Options) Suppress() suppress.Options {
	return suppress.Options{SkipTests: o.SkipTests, PathRules: o.PathRules}
}

// Enabled reports whether the check named name runs.
func (o Options) Enabled(name string) bool {
	return o.Checks == nil || slices.Contains(o.Checks, name)
}

// Args returns the tool flags that reproduce o, in a canonical order and
// omitting defaults, so that `asynclint ./...` with no configuration passes
// no flags and shares vet's cache with `go vet -vettool=asynclint ./...`.
// known lists every check name in the suite's order.
func (o Options) Args(known []string) []string {
	var args []string
	if o.Checks != nil {
		var on []string
		for _, k := range known {
			if o.Enabled(k) {
				on = append(on, k)
			}
		}
		if len(on) != len(known) {
			args = append(args, "-checks="+cmp.Or(strings.Join(on, ","), "-all"))
		}
	}
	if o.SkipTests {
		args = append(args, "-test=false")
	}
	for _, l := range []struct {
		flag  string
		names []string
	}{
		{"blocking-funcs", o.Settings.Blocking},
		{"nonblocking-funcs", o.Settings.NonBlocking},
		{"lock-types", o.Settings.LockTypes},
	} {
		names := slices.Clone(l.names)
		slices.Sort(names)
		for _, n := range slices.Compact(names) {
			args = append(args, "-"+l.flag+"="+n)
		}
	}
	for _, r := range o.PathRules {
		args = append(args, "-disable="+r.String())
	}
	return args
}

// Flags are the command-line flags that make Options. The command line and
// the vettool register the same set, so that `go vet -vettool=asynclint`
// accepts every flag `asynclint` does and the command line can pass its
// options on to vet.
type Flags struct {
	known []string

	checks    string
	checksSet bool
	enable    map[string]*triState
	tests     bool
	blocking  listFlag
	nonblock  listFlag
	lockTypes listFlag
	disable   repeatFlag
}

// Register defines the flags on fs for the checks named in known.
func Register(fs *flag.FlagSet, known []string) *Flags {
	f := &Flags{known: known, enable: make(map[string]*triState), tests: true}
	fs.Func("checks", `comma-separated checks to run, in order: "all", "NAME", "-NAME" (default "all")`, func(s string) error {
		f.checks, f.checksSet = s, true
		_, err := config.Resolve(strings.Split(s, ","), known)
		return err
	})
	for _, name := range known {
		ts := new(triState)
		f.enable[name] = ts
		fs.Var(ts, name, fmt.Sprintf("enable the %s check (-%s=false disables it; -%s alone runs only the checks named so)", name, name, name))
	}
	fs.BoolVar(&f.tests, "test", true, "report findings in test files too")
	fs.Var(&f.blocking, "blocking-funcs", "functions to treat as blocking, as go/types prints them: time.Sleep, (*pkg.T).M (repeatable, comma-separated)")
	fs.Var(&f.nonblock, "nonblocking-funcs", "functions known not to block (repeatable, comma-separated)")
	fs.Var(&f.lockTypes, "lock-types", "extra types whose Lock/Unlock behave like sync.Mutex's, e.g. example.com/spin.Lock (repeatable)")
	fs.Var(&f.disable, "disable", "PATH:CHECK[,CHECK] disables checks for files under PATH (repeatable)")
	return f
}

// Options resolves the flags on top of base (the configuration file's
// options, or the zero Options): -checks replaces base's checks; -NAME=true
// flags, when -checks is not given, run only the checks so named (vet's
// convention), and otherwise add to the list; -NAME=false removes; the lists
// add to base's; -test=false skips tests.
func (f *Flags) Options(base Options) (Options, error) {
	o := base
	o.Settings = settings.Settings{
		Blocking:    append(slices.Clone(base.Settings.Blocking), f.blocking...),
		NonBlocking: append(slices.Clone(base.Settings.NonBlocking), f.nonblock...),
		LockTypes:   append(slices.Clone(base.Settings.LockTypes), f.lockTypes...),
	}
	if err := o.Settings.Validate(); err != nil {
		return Options{}, err
	}
	on := slices.Clone(base.Checks)
	if on == nil {
		on = slices.Clone(f.known)
	}
	if f.checksSet {
		var err error
		if on, err = config.Resolve(strings.Split(f.checks, ","), f.known); err != nil {
			return Options{}, err
		}
	}
	anyTrue := false
	for _, name := range f.known {
		anyTrue = anyTrue || *f.enable[name] == setTrue
	}
	if anyTrue && !f.checksSet {
		on = nil
	}
	for _, name := range f.known {
		switch *f.enable[name] {
		case setTrue:
			if !slices.Contains(on, name) {
				on = append(on, name)
			}
		case setFalse:
			on = slices.DeleteFunc(on, func(s string) bool { return s == name })
		}
	}
	// Keep the suite's order, and nil for "everything".
	o.Checks = nil
	if len(on) != len(f.known) {
		o.Checks = []string{}
		for _, k := range f.known {
			if slices.Contains(on, k) {
				o.Checks = append(o.Checks, k)
			}
		}
	}
	o.SkipTests = base.SkipTests || !f.tests
	o.PathRules = slices.Clone(base.PathRules)
	for _, s := range f.disable {
		r, err := suppress.ParsePathRule(s)
		if err != nil {
			return Options{}, fmt.Errorf("-disable: %v", err)
		}
		for _, c := range r.Checks {
			if c != "all" && !slices.Contains(f.known, c) {
				_, err := config.Resolve([]string{c}, f.known)
				return Options{}, fmt.Errorf("-disable: %v", err)
			}
		}
		o.PathRules = append(o.PathRules, r)
	}
	return o, nil
}

// listFlag accumulates values from repeated flags, each split at the commas
// that are outside brackets (type argument lists contain commas).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	depth, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '[', '(':
				depth++
				continue
			case ']', ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		if item := strings.TrimSpace(s[start:i]); item != "" {
			*l = append(*l, item)
		}
		start = i + 1
	}
	return nil
}

// repeatFlag accumulates the values of a repeated flag, whole.
type repeatFlag []string

func (r *repeatFlag) String() string { return strings.Join(*r, " ") }

func (r *repeatFlag) Set(s string) error {
	*r = append(*r, s)
	return nil
}

// triState is a boolean flag that knows whether it was given, as vet's
// -NAME flags do: "-blocking" alone means "only blocking".
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) IsBoolFlag() bool { return true }

func (ts *triState) Get() any { return *ts != setFalse }

func (ts *triState) String() string {
	if ts != nil && *ts == setFalse {
		return "false"
	}
	return "true"
}

func (ts *triState) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}
