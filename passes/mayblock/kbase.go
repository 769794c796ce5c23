package mayblock

import (
	"go/ast"
	"go/types"
	"strings"
	"sync"

	"github.com/asynclint/asynclint/internal/settings"
)

// knownOp is one knowledge-base entry.
type knownOp struct {
	name   string // FullName
	class  Class
	advice string
}

var (
	kbOnce        sync.Once
	kbBlocking    map[string]knownOp
	kbNonblocking map[string]bool
	kbPkgs        map[string]bool // packages with any entry: a cheap pre-filter
)

func loadKB() {
	kbBlocking = make(map[string]knownOp, len(blockingFuncs))
	kbNonblocking = make(map[string]bool, len(nonblockingFuncs))
	kbPkgs = make(map[string]bool)
	for _, k := range blockingFuncs {
		kbBlocking[k.name] = k
		kbPkgs[pkgPathOfName(k.name)] = true
	}
	for _, n := range nonblockingFuncs {
		kbNonblocking[n] = true
		kbPkgs[pkgPathOfName(n)] = true
	}
}

func knownBlocking() map[string]knownOp {
	kbOnce.Do(loadKB)
	return kbBlocking
}

// kbase is the knowledge base combined with the user's settings and the
// directives of the package being analyzed.
type kbase struct {
	userBlocking    map[string]bool
	userNonblocking map[string]bool
	pkgs            map[string]bool // kbPkgs plus the packages the settings name
	// Directives of the package's own declarations.
	declBlocking    map[*types.Func]bool
	declNonblocking map[*types.Func]bool
}

func newKB(s *settings.Settings) *kbase {
	kbOnce.Do(loadKB)
	kb := &kbase{pkgs: kbPkgs}
	if len(s.Blocking)+len(s.NonBlocking) > 0 {
		kb.pkgs = make(map[string]bool, len(kbPkgs)+len(s.Blocking)+len(s.NonBlocking))
		for p := range kbPkgs {
			kb.pkgs[p] = true
		}
		kb.userBlocking = make(map[string]bool)
		kb.userNonblocking = make(map[string]bool)
		for _, n := range s.Blocking {
			kb.userBlocking[n] = true
			kb.pkgs[pkgPathOfName(n)] = true
		}
		for _, n := range s.NonBlocking {
			kb.userNonblocking[n] = true
			kb.pkgs[pkgPathOfName(n)] = true
		}
	}
	return kb
}

// Directives recognized in doc comments.
const (
	directiveBlocking    = "//asynclint:blocking"
	directiveNonblocking = "//asynclint:nonblocking"
)

// readDirectives records the directives on the package's function
// declarations.
func (kb *kbase) readDirectives(files []*ast.File, info *types.Info) {
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			var blocking, nonblocking bool
			for _, c := range fd.Doc.List {
				blocking = blocking || hasDirective(c.Text, directiveBlocking)
				nonblocking = nonblocking || hasDirective(c.Text, directiveNonblocking)
			}
			if !blocking && !nonblocking {
				continue
			}
			obj, ok := info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if nonblocking {
				if kb.declNonblocking == nil {
					kb.declNonblocking = make(map[*types.Func]bool)
				}
				kb.declNonblocking[obj] = true
			} else {
				if kb.declBlocking == nil {
					kb.declBlocking = make(map[*types.Func]bool)
				}
				kb.declBlocking[obj] = true
			}
		}
	}
}

// hasDirective reports whether the comment text is the directive, alone or
// followed by a space and an explanation.
func hasDirective(text, directive string) bool {
	rest, ok := strings.CutPrefix(text, directive)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// verdict is what the knowledge base, the settings and the directives say
// about a function, before looking at its body or facts.
type verdict uint8

const (
	unknown verdict = iota
	isNonblocking
	isBlocking
)

// lookup decides obj (an origin function) by name and directives. Order:
// the user's word (settings, then directives) beats the knowledge base, and
// within one source nonblocking beats blocking.
func (kb *kbase) lookup(obj *types.Func) (verdict, *knownOp) {
	if kb.declNonblocking[obj] {
		return isNonblocking, nil
	}
	pkg := obj.Pkg()
	if pkg == nil {
		return unknown, nil
	}
	var full string
	if kb.pkgs[pkg.Path()] {
		full = obj.FullName()
		if kb.userNonblocking[full] {
			return isNonblocking, nil
		}
		if kb.userBlocking[full] {
			return isBlocking, &knownOp{name: full, class: Declared, advice: adviceUser}
		}
	}
	if kb.declBlocking[obj] {
		return isBlocking, &knownOp{name: obj.FullName(), class: Declared, advice: adviceUser}
	}
	if full != "" {
		if kbNonblocking[full] {
			return isNonblocking, nil
		}
		if k, ok := kbBlocking[full]; ok {
			return isBlocking, &k
		}
	}
	if inNonblockingPkg(pkg.Path()) {
		return isNonblocking, nil
	}
	return unknown, nil
}

// inNonblockingPkg reports whether path is one of nonblockingPkgs or below.
func inNonblockingPkg(path string) bool {
	for _, p := range nonblockingPkgs {
		if path == p || strings.HasPrefix(path, p) && path[len(p)] == '/' {
			return true
		}
	}
	return false
}

func (kb *kbase) nonblocking(obj *types.Func) bool {
	v, _ := kb.lookup(obj)
	return v == isNonblocking
}
