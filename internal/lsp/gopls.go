package lsp

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// GoplsEnv names the environment variable that points the proxy at the real
// gopls, when the -gopls flag does not.
const GoplsEnv = "ASYNCLINT_GOPLS"

// ProxyName is the name under which the asynclint binary acts as
// `asynclint gopls` (a link or copy so named), for editors that take the
// path of a gopls binary and nothing else, such as VS Code's
// go.alternateTools.
const ProxyName = "asynclint-gopls"

// Gopls runs `asynclint gopls [-gopls=PATH] [gopls arguments]`. In server
// mode (no subcommand, or "serve" without -listen/-port) it starts the real
// gopls and proxies the editor's session to it, adding asynclint's findings
// and fixes; every other invocation (version, help, check, ...) runs the
// real gopls with the same arguments and standard streams and returns its
// exit status, so editors that probe gopls keep working.
func Gopls(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flagPath, args := cutGoplsFlag(args)
	gopls, err := findGopls(flagPath)
	if err != nil {
		fmt.Fprintf(stderr, "asynclint gopls: %v\n", err)
		return 1
	}
	serve, daemon := serveMode(args)
	if !serve {
		if daemon {
			fmt.Fprintln(stderr, "asynclint gopls: with -listen or -port gopls serves sockets, not this editor; asynclint's findings are not added")
		}
		return passThrough(gopls, args, stdin, stdout, stderr)
	}
	return proxy(gopls, args, stdin, stdout, stderr)
}

// cutGoplsFlag removes the proxy's own leading -gopls=PATH (or -gopls PATH)
// flag; gopls has no flag of that name.
func cutGoplsFlag(args []string) (string, []string) {
	if len(args) == 0 {
		return "", args
	}
	a := strings.TrimPrefix(strings.TrimPrefix(args[0], "-"), "-")
	if v, ok := strings.CutPrefix(a, "gopls="); ok && strings.HasPrefix(args[0], "-") {
		return v, args[1:]
	}
	if a == "gopls" && strings.HasPrefix(args[0], "-") && len(args) > 1 {
		return args[1], args[2:]
	}
	return "", args
}

// findGopls returns the real gopls: the -gopls flag, else $ASYNCLINT_GOPLS,
// else the first gopls on PATH that is not this program (a link named gopls
// to asynclint would otherwise start itself forever).
func findGopls(flagPath string) (string, error) {
	for _, p := range []string{flagPath, os.Getenv(GoplsEnv)} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("cannot run gopls at %s: %v", p, err)
		}
		return p, nil
	}
	self, _ := os.Executable()
	name := "gopls"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if err != nil || fi.IsDir() || runtime.GOOS != "windows" && fi.Mode()&0o111 == 0 {
			continue
		}
		if self != "" && sameFile(p, self) {
			continue
		}
		return p, nil
	}
	return "", errors.New("gopls not found: install it (go install golang.org/x/tools/gopls@latest), put it on PATH, or name it with -gopls=PATH or $" + GoplsEnv)
}

func sameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// goplsValueFlags are gopls's global and serve flags that take a value,
// which may be the next argument ("-logfile x").
var goplsValueFlags = map[string]bool{
	"remote": true, "otel": true, "logfile": true, "mode": true, "listen": true, "port": true,
	"listen.timeout": true, "debug": true, "remote.listen.timeout": true, "remote.debug": true,
	"remote.logfile": true, "mcp.listen": true, "profile.cpu": true, "profile.mem": true,
	"profile.alloc": true, "profile.trace": true, "profile.block": true,
}

// serveMode reports whether gopls's arguments make it an LSP server on
// standard input and output: no subcommand, or "serve". daemon reports a
// server on a socket (-listen, -port), which the proxy cannot see into.
func serveMode(args []string) (serve, daemon bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			if i < len(args) {
				return args[i] == "serve", false
			}
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			if a != "serve" {
				return false, false
			}
			// serve's own flags follow.
			for _, b := range args[i+1:] {
				if isFlag(b, "listen") || isFlag(b, "port") {
					return false, true
				}
				if isFlag(b, "h") || isFlag(b, "help") {
					return false, false
				}
			}
			return true, false
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch name {
		case "h", "help":
			return false, false
		case "listen", "port":
			return false, true
		}
		if goplsValueFlags[name] && !hasValue {
			i++ // the value
		}
	}
	return true, false
}

func isFlag(arg, name string) bool {
	if !strings.HasPrefix(arg, "-") {
		return false
	}
	n, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	return n == name
}

// passThrough runs gopls with args on the caller's streams and returns its
// exit status.
func passThrough(gopls string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := exec.Command(gopls, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if code := ee.ExitCode(); code >= 0 {
			return code
		}
		return 1 // killed by a signal
	}
	fmt.Fprintf(stderr, "asynclint gopls: %v\n", err)
	return 1
}
