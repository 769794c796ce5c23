package mayblock

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// displayName is how a function appears in a chain: qualified by package
// name rather than path, the way Go programmers read it in code and stack
// traces: "os.ReadFile", "(*sql.DB).Query", "(net.Conn).Read".
func displayName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		ptr := ""
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			ptr, t = "*", p.Elem()
		}
		return "(" + ptr + types.TypeString(t, byName) + ")." + fn.Name()
	}
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

func byName(p *types.Package) string { return p.Name() }

// ssaDisplayName names any SSA function for a chain. Function literals are
// named as the runtime names them in stack traces: "pkg.Outer.func1",
// "pkg.Outer.func1.2".
func ssaDisplayName(fn *ssa.Function) string {
	if obj, ok := fn.Object().(*types.Func); ok {
		return displayName(obj.Origin())
	}
	if fn.Parent() == nil {
		if fn.Pkg != nil && fn.Pkg.Pkg != nil {
			return fn.Pkg.Pkg.Name() + "." + fn.Name()
		}
		return fn.Name()
	}
	// Count the nesting: the SSA name of a literal is its parent's name
	// followed by "$<index>" (1-based), e.g. Outer$1$2.
	var idx []string
	top := fn
	for top.Parent() != nil {
		name := top.Name()
		i := strings.LastIndexByte(name, '$')
		if i < 0 {
			return fn.Name()
		}
		idx = append(idx, name[i+1:])
		top = top.Parent()
	}
	var b strings.Builder
	b.WriteString(ssaDisplayName(top))
	for i := len(idx) - 1; i >= 0; i-- {
		if i == len(idx)-1 {
			b.WriteString(".func")
		} else {
			b.WriteString(".")
		}
		b.WriteString(idx[i])
	}
	return b.String()
}

// pkgPathOfName returns the package path in a FullName-form function name:
// "time" for "time.Sleep", "os/exec" for "(*os/exec.Cmd).Run". It returns ""
// for a malformed name.
func pkgPathOfName(name string) string {
	if strings.HasPrefix(name, "(") {
		end := strings.IndexByte(name, ')')
		if end < 0 {
			return ""
		}
		name = strings.TrimPrefix(name[1:end], "*")
		if i := strings.IndexByte(name, '['); i >= 0 {
			name = name[:i]
		}
	}
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return ""
	}
	return name[:i]
}
