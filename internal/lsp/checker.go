package lsp

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"honnef.co/go/tools/analysis/lint"

	"github.com/asynclint/asynclint/internal/engine"
	"github.com/asynclint/asynclint/internal/suite"
	"github.com/asynclint/asynclint/internal/suppress"
)

// source is the Diagnostic.Source of asynclint's findings; the proxy tells
// its diagnostics from gopls's by it.
const source = "asynclint"

// maxDependents bounds how many dependent packages a change re-checks, so
// that editing a package at the bottom of a large workspace stays
// interactive; the rest are checked when their files are opened or saved.
const maxDependents = 32

// A checker runs asynclint over the packages of changed files and publishes
// the findings: the analysis behind both the standalone server and the
// gopls proxy. Changes are debounced; a change cancels the check in
// progress, whose packages are then checked again with the new text.
type checker struct {
	docs    *documents
	run     func(context.Context, engine.Request) (*engine.Result, error)
	publish func(path, uri string, version *int, diags []Diagnostic)
	logf    func(format string, args ...any)
	delay   time.Duration
	checks  map[string]*lint.Analyzer
	known   []string

	mu      sync.Mutex
	pending map[string]bool // package directories to check
	cancel  context.CancelFunc
	graphs  map[string]*importGraph // by module root
	results map[string]*fileResult  // by file name: what was last published
	closed  bool

	kick chan struct{}
	stop context.CancelFunc
	done chan struct{}
}

// fileResult is the last set of findings published for one file.
type fileResult struct {
	uri  string
	text []byte // the text the positions refer to
	// items are the diagnostics with their fixes.
	items []item
}

type item struct {
	diag  Diagnostic
	fixes []CodeAction // without Diagnostics, filled in per request
}

func newChecker(docs *documents, publish func(path, uri string, version *int, diags []Diagnostic), logf func(string, ...any)) *checker {
	checks := make(map[string]*lint.Analyzer)
	for _, c := range append(suite.All(), suppress.Check) {
		checks[c.Analyzer.Name] = c
	}
	ctx, stop := context.WithCancel(context.Background())
	c := &checker{
		docs:    docs,
		run:     engine.Run,
		publish: publish,
		logf:    logf,
		delay:   250 * time.Millisecond,
		checks:  checks,
		known:   suite.Names(),
		pending: make(map[string]bool),
		graphs:  make(map[string]*importGraph),
		results: make(map[string]*fileResult),
		kick:    make(chan struct{}, 1),
		stop:    stop,
		done:    make(chan struct{}),
	}
	go c.loop(ctx)
	return c
}

// changed schedules a check of the package holding the file at path.
func (c *checker) changed(path string) {
	if !strings.HasSuffix(path, ".go") {
		return
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.pending[filepath.Dir(path)] = true
	if c.cancel != nil {
		c.cancel() // its results would describe text that is gone
	}
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// saved schedules a check and forgets the import graph of the file's
// module, since saved files may import other packages now.
func (c *checker) saved(path string) {
	if filepath.Base(path) == "go.mod" || strings.HasSuffix(path, ".go") {
		c.mu.Lock()
		delete(c.graphs, moduleRoot(filepath.Dir(path)))
		c.mu.Unlock()
	}
	c.changed(path)
}

// close stops checking: the check in progress is cancelled and waited for,
// so that no go command outlives the server.
func (c *checker) close() {
	c.mu.Lock()
	c.closed = true
	if c.cancel != nil {
		c.cancel()
	}
	c.mu.Unlock()
	c.stop()
	<-c.done
}

func (c *checker) loop(ctx context.Context) {
	defer close(c.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kick:
		}
		t := time.NewTimer(c.delay)
	debounce:
		for {
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-c.kick:
				t.Reset(c.delay)
			case <-t.C:
				break debounce
			}
		}
		c.mu.Lock()
		dirs := make([]string, 0, len(c.pending))
		for d := range c.pending {
			dirs = append(dirs, d)
		}
		clear(c.pending)
		runCtx, cancel := context.WithCancel(ctx)
		c.cancel = cancel
		c.mu.Unlock()

		slices.Sort(dirs)
		c.safeCheck(runCtx, dirs)

		c.mu.Lock()
		c.cancel = nil
		c.mu.Unlock()
		if runCtx.Err() != nil && ctx.Err() == nil {
			// Superseded: check these packages again with the new text
			// (the change that cancelled us has already kicked).
			c.mu.Lock()
			for _, d := range dirs {
				c.pending[d] = true
			}
			c.mu.Unlock()
		}
		cancel()
	}
}

// safeCheck runs check, turning a panic into a log line: a bug in the
// analysis must never take the editor's Go support down with it.
func (c *checker) safeCheck(ctx context.Context, dirs []string) {
	defer func() {
		if r := recover(); r != nil {
			c.logf("internal error checking %s: %v\n%s", strings.Join(dirs, ", "), r, debug.Stack())
		}
	}()
	byModule := make(map[string][]string)
	for _, d := range dirs {
		root := moduleRoot(d)
		if root == "" {
			c.logf("%s is not in a module; not checked", d)
			continue
		}
		byModule[root] = append(byModule[root], d)
	}
	for root, ds := range byModule {
		if ctx.Err() != nil {
			return
		}
		c.checkModule(ctx, root, ds)
	}
}

func (c *checker) checkModule(ctx context.Context, root string, dirs []string) {
	start := time.Now()
	g := c.graph(ctx, root)
	targets := slices.Clone(dirs)
	if g != nil {
		deps := g.dependents(dirs)
		if len(deps) > maxDependents {
			c.logf("%d packages depend on %s; checking the first %d", len(deps), strings.Join(dirs, ", "), maxDependents)
			deps = deps[:maxDependents]
		}
		targets = append(targets, deps...)
	}
	slices.Sort(targets)
	targets = slices.Compact(targets)

	// Open buffers anywhere in the module go in the overlay: the checked
	// packages may import the packages they belong to.
	snap := c.docs.snapshot()
	overlay := make(map[string][]byte)
	for path, doc := range snap {
		if !within(root, path) {
			continue
		}
		if disk, err := os.ReadFile(path); err == nil && bytes.Equal(disk, doc.text) {
			continue // the same as on disk: keep vet's cache keys stable
		}
		overlay[path] = doc.text
	}

	res := new(engine.Result)
	groups, err := engine.Discover(ctx, root, targets, nil, nil, c.known)
	if err != nil {
		if ctx.Err() == nil {
			c.logf("configuration: %v", err)
		}
		return
	}
	for _, grp := range groups {
		opts, err := engine.Base(grp.Config, c.known)
		if err != nil {
			c.logf("configuration: %v", err)
			return
		}
		if opts.Checks != nil && len(opts.Checks) == 0 {
			continue // every check is disabled here
		}
		r, err := c.run(ctx, engine.Request{Dir: root, Patterns: grp.Patterns, Known: c.known, Options: opts, Overlay: overlay})
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			c.logf("checking %s: %v", strings.Join(grp.Patterns, " "), err)
			return
		}
		res.Merge(r)
	}
	if ctx.Err() != nil {
		return
	}
	c.logf("checked %d package(s) in %s: %d finding(s), %d failure(s)", len(targets), time.Since(start).Round(time.Millisecond), len(res.Findings), len(res.Failures))
	c.apply(targets, res, snap, overlay, g)
}

// apply publishes the findings of a check of the packages in dirs. Files of
// those packages that had findings and have none now are cleared, except in
// packages that failed to load (while a file is being edited it often does
// not compile): their last findings stay until a check succeeds.
func (c *checker) apply(dirs []string, res *engine.Result, snap map[string]document, overlay map[string][]byte, g *importGraph) {
	covered := make(map[string]bool, len(dirs))
	for _, d := range dirs {
		covered[d] = true
	}
	for _, f := range res.Failures {
		c.logf("%s", f)
		if f.Check == "" && f.Package != "" && g != nil {
			if d := g.dirOf(f.Package); d != "" {
				covered[d] = false
			}
		}
	}

	enc := c.docs.encoding()
	texts := make(map[string][]byte)
	text := func(path string) []byte {
		if t, ok := texts[path]; ok {
			return t
		}
		t, ok := overlay[path]
		if !ok {
			t, _ = os.ReadFile(path) // a file that vanished: positions clamp to line starts
		}
		texts[path] = t
		return t
	}
	c.mu.Lock()
	uriOf := func(path string) string {
		if doc, ok := snap[path]; ok {
			return doc.uri
		}
		if r := c.results[path]; r != nil {
			return r.uri
		}
		return pathToURI(path)
	}
	next := make(map[string]*fileResult)
	for _, f := range res.Findings {
		path := f.Pos.Filename
		if path == "" || !covered[filepath.Dir(path)] {
			continue
		}
		r := next[path]
		if r == nil {
			r = &fileResult{uri: uriOf(path), text: text(path)}
			next[path] = r
		}
		r.items = append(r.items, c.item(f, text, uriOf, enc))
	}
	var cleared []string
	for path := range c.results {
		if covered[filepath.Dir(path)] && next[path] == nil {
			cleared = append(cleared, path)
		}
	}
	type pub struct {
		path, uri string
		version   *int
		diags     []Diagnostic
	}
	var pubs []pub
	for _, path := range cleared {
		pubs = append(pubs, pub{path: path, uri: c.results[path].uri, diags: []Diagnostic{}})
		delete(c.results, path)
	}
	for path, r := range next {
		c.results[path] = r
		p := pub{path: path, uri: r.uri, diags: make([]Diagnostic, len(r.items))}
		for i, it := range r.items {
			p.diags[i] = it.diag
		}
		if doc, ok := snap[path]; ok {
			v := doc.version
			p.version = &v
		}
		pubs = append(pubs, p)
	}
	c.mu.Unlock()
	slices.SortFunc(pubs, func(a, b pub) int { return strings.Compare(a.path, b.path) })
	for _, p := range pubs {
		c.publish(p.path, p.uri, p.version, p.diags)
	}
}

// item converts a finding to a diagnostic and its fixes to code actions.
func (c *checker) item(f engine.Finding, text func(string) []byte, uriOf func(string) string, enc encoding) item {
	rng := func(p, e engine.Position) Range {
		t := text(p.Filename)
		start := positionAt(t, p.Line, p.Column, enc)
		end := start
		if e.IsValid() && e.Filename == p.Filename {
			end = positionAt(t, e.Line, e.Column, enc)
		}
		return Range{start, end}
	}
	d := Diagnostic{
		Range:    rng(f.Pos, f.End),
		Severity: 2,
		Code:     f.Check,
		Source:   source,
		Message:  f.Message,
	}
	if chk := c.checks[f.Check]; chk != nil {
		d.Severity = severity(chk.Doc.Severity)
		if chk.Analyzer.URL != "" {
			d.CodeDescription = &codeDescription{Href: chk.Analyzer.URL}
		}
	}
	for _, r := range f.Related {
		if r.Pos.Filename == "" {
			continue
		}
		d.RelatedInformation = append(d.RelatedInformation, relatedInformation{
			Location: Location{URI: uriOf(r.Pos.Filename), Range: rng(r.Pos, r.End)},
			Message:  r.Message,
		})
	}
	it := item{diag: d}
	for i, fix := range f.Fixes {
		changes := make(map[string][]TextEdit)
		for _, e := range fix.Edits {
			t := text(e.Filename)
			uri := uriOf(e.Filename)
			changes[uri] = append(changes[uri], TextEdit{
				Range:   Range{positionOf(t, e.Start, enc), positionOf(t, e.End, enc)},
				NewText: e.New,
			})
		}
		it.fixes = append(it.fixes, CodeAction{
			Title:       fix.Message,
			Kind:        "quickfix",
			IsPreferred: i == 0,
			Edit:        &workspaceEdit{Changes: changes},
		})
	}
	return it
}

func severity(s lint.Severity) int {
	switch s {
	case lint.SeverityError:
		return 1
	case lint.SeverityInfo:
		return 3
	case lint.SeverityHint:
		return 4
	}
	return 2
}

// codeActions returns the quick fixes for the findings in path that touch
// rng. Fixes computed for text the editor has changed since are withheld:
// their offsets would land in the wrong place.
func (c *checker) codeActions(path string, rng Range, only []string) []CodeAction {
	if !wantsQuickFix(only) {
		return nil
	}
	c.mu.Lock()
	r := c.results[path]
	c.mu.Unlock()
	if r == nil {
		return nil
	}
	if doc, ok := c.docs.get(path); ok && !bytes.Equal(doc.text, r.text) {
		return nil
	}
	var out []CodeAction
	for _, it := range r.items {
		if !it.diag.Range.intersects(rng) {
			continue
		}
		for _, a := range it.fixes {
			a.Diagnostics = []Diagnostic{it.diag}
			out = append(out, a)
		}
	}
	return out
}

// wantsQuickFix reports whether a codeAction request's "only" filter admits
// quick fixes: editors ask for source.organizeImports alone on save.
func wantsQuickFix(only []string) bool {
	if len(only) == 0 {
		return true
	}
	for _, k := range only {
		if k == "" || k == "quickfix" || strings.HasPrefix("quickfix", k+".") {
			return true
		}
	}
	return false
}

// moduleRoot returns the directory of the go.mod governing dir, or "".
func moduleRoot(dir string) string {
	for d := dir; ; {
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// importGraph is the import graph of a module's packages, test imports
// included (vet checks test files too), to find the dependents of a change.
type importGraph struct {
	dirs       map[string]string   // import path -> dir
	importedBy map[string][]string // import path -> importers in the module
}

// graph returns the import graph of the module at root, listing it on
// first use; nil if the go command fails (then only the changed packages
// are checked).
func (c *checker) graph(ctx context.Context, root string) *importGraph {
	c.mu.Lock()
	g, ok := c.graphs[root]
	c.mu.Unlock()
	if ok {
		return g
	}
	cmd := exec.CommandContext(ctx, "go", "list", "-e", "-f",
		`{{.ImportPath}}{{"\t"}}{{.Dir}}{{"\t"}}{{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`, "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() == nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			c.logf("listing the packages of %s (only the changed packages are checked): %v\n%s", root, err, bytes.TrimSpace(stderr))
		}
		return nil
	}
	g = &importGraph{dirs: make(map[string]string), importedBy: make(map[string][]string)}
	for line := range strings.Lines(string(out)) {
		parts := strings.SplitN(strings.TrimRight(line, "\n"), "\t", 3)
		if len(parts) != 3 {
			continue
		}
		g.dirs[parts[0]] = parts[1]
		for _, imp := range strings.Fields(parts[2]) {
			if imp != parts[0] && !slices.Contains(g.importedBy[imp], parts[0]) {
				g.importedBy[imp] = append(g.importedBy[imp], parts[0])
			}
		}
	}
	c.mu.Lock()
	c.graphs[root] = g
	c.mu.Unlock()
	return g
}

// dependents returns the directories of the packages that import, directly
// or not, the packages in dirs, nearest first.
func (g *importGraph) dependents(dirs []string) []string {
	seen := make(map[string]bool)
	var queue []string
	for path, d := range g.dirs {
		if slices.Contains(dirs, d) {
			seen[path] = true
			queue = append(queue, path)
		}
	}
	slices.Sort(queue)
	var out []string
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		importers := slices.Clone(g.importedBy[p])
		slices.Sort(importers)
		for _, imp := range importers {
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
				if d := g.dirs[imp]; d != "" && !slices.Contains(dirs, d) && !slices.Contains(out, d) {
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// dirOf returns the directory of a package as vet names it: "p",
// "p [p.test]", "p_test" or "p.test".
func (g *importGraph) dirOf(pkg string) string {
	pkg, _, _ = strings.Cut(pkg, " ")
	for _, p := range []string{pkg, strings.TrimSuffix(pkg, "_test"), strings.TrimSuffix(pkg, ".test")} {
		if d := g.dirs[p]; d != "" {
			return d
		}
	}
	return ""
}
