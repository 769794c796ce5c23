package lsp

// Integration tests: a scripted LSP client drives the built asynclint binary
// as `asynclint gopls` (in front of the real gopls) and as `asynclint lsp`,
// over a copy of testdata/demo in a scratch module.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/asynclint/asynclint/internal/suite"
)

// The pinned gopls that CI installs (.ci/run); the proxy must work with it.
const goplsVersion = "v0.23.0"

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// asynclintBinary builds cmd/asynclint once per test run.
func asynclintBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "asynclint-lsp-test-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "asynclint")
		out, err := exec.Command("go", "build", "-o", binary, "github.com/asynclint/asynclint/cmd/asynclint").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// realGopls finds gopls as the proxy does. Outside CI a missing gopls skips
// the test; in CI (CI=true, where .ci/run installs it) it is a failure.
func realGopls(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(GoplsEnv); p != "" {
		return p
	}
	if p, err := exec.LookPath("gopls"); err == nil {
		return p
	}
	msg := "gopls not found on PATH or in $" + GoplsEnv + "; install it with go install golang.org/x/tools/gopls@" + goplsVersion
	if os.Getenv("CI") != "" {
		t.Fatal(msg + " (CI is set, so this is a failure)")
	}
	t.Skip(msg)
	return ""
}

func TestGoplsPassThrough(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs gopls")
	}
	gopls := realGopls(t)
	bin := asynclintBinary(t)
	env := append(os.Environ(), GoplsEnv+"="+gopls)

	run := func(name string, args ...string) (string, int) {
		cmd := exec.Command(name, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	want, _ := run(gopls, "version")
	if !strings.Contains(want, goplsVersion) {
		t.Logf("note: testing against %s, not the pinned %s", strings.TrimSpace(want), goplsVersion)
	}
	link := filepath.Join(t.TempDir(), ProxyName)
	if err := os.Symlink(bin, link); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][]string{{bin, "gopls", "version"}, {link, "version"}, {bin, "gopls", "-gopls=" + gopls, "version"}} {
		got, code := run(c[0], c[1:]...)
		if code != 0 || got != want {
			t.Errorf("%q: exit %d, output %q; want gopls's own %q", c, code, got, want)
		}
	}
	_, wantCode := run(gopls, "no-such-command")
	if _, code := run(bin, "gopls", "no-such-command"); code != wantCode || code == 0 {
		t.Errorf("asynclint gopls no-such-command: exit %d, want gopls's %d", code, wantCode)
	}

	// No gopls anywhere: a clear error.
	cmd := exec.Command(bin, "gopls", "version")
	cmd.Env = append(os.Environ(), GoplsEnv+"=", "PATH="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "gopls not found") {
		t.Errorf("without gopls: %v, %q; want an error saying gopls was not found", err, out)
	}
}

func TestGoplsProxySession(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs gopls")
	}
	gopls := realGopls(t)
	bin := asynclintBinary(t)
	runSession(t, bin, []string{"gopls"}, GoplsEnv+"="+gopls, true)
}

func TestStandaloneServerSession(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := asynclintBinary(t)
	runSession(t, bin, []string{"lsp", "-debounce=100ms"}, "", false)
}

// The demo copy's edits: a line that makes gopls's printf check report
// (while the package still compiles, so asynclint analyzes it), and a
// comment with characters outside ASCII and the BMP before a finding, so
// that UTF-16 columns differ from byte and rune columns.
const (
	sleepLine   = "\ttime.Sleep(30 * time.Millisecond)"
	wideComment = "/* ½😀 */ "
	planted     = "\n// plantedForGopls gives gopls a finding of its own.\nfunc plantedForGopls() { fmt.Printf(\"%d orders\\n\", \"two\") }\n"
)

func writeWorkspace(t *testing.T) (dir, file, text string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	gomod := "module example.com/demo\n\ngo 1.26\n\nrequire github.com/asynclint/asynclint v0.0.0\n\nreplace github.com/asynclint/asynclint => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(root, "testdata/demo/main.go"))
	if err != nil {
		t.Fatal(err)
	}
	text = string(src)
	if !strings.Contains(text, sleepLine+"\n") {
		t.Fatalf("testdata/demo/main.go no longer has the line %q this test edits", sleepLine)
	}
	text = strings.Replace(text, sleepLine, "\t"+wideComment+strings.TrimPrefix(sleepLine, "\t"), 1) + planted
	file = filepath.Join(dir, "main.go")
	files := map[string]string{"go.mod": gomod, "go.sum": string(sum), "main.go": text}
	// The demo's other files (the -console flag) come along unchanged.
	others, err := filepath.Glob(filepath.Join(root, "testdata/demo/*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range others {
		if filepath.Base(name) == "main.go" {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(name)] = string(src)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir, file, text
}

func runSession(t *testing.T, bin string, args []string, extraEnv string, withGopls bool) {
	dir, file, text := writeWorkspace(t)
	// As in cmd/asynclint's end-to-end tests: the scratch module's go.mod
	// lists only the replaced module, so let the go command complete it.
	env := append(os.Environ(), "GOFLAGS=-mod=mod "+os.Getenv("GOFLAGS"))
	if extraEnv != "" {
		env = append(env, extraEnv)
	}
	c := startClient(t, bin, args, dir, env)
	uri := pathToURI(file)
	began := time.Now()

	var init struct {
		Capabilities map[string]json.RawMessage `json:"capabilities"`
	}
	c.call("initialize", map[string]any{
		"processId":        os.Getpid(),
		"rootUri":          pathToURI(dir),
		"workspaceFolders": []any{map[string]string{"uri": pathToURI(dir), "name": "demo"}},
		"capabilities": map[string]any{
			"general":   map[string]any{"positionEncodings": []string{"utf-16"}},
			"workspace": map[string]any{"configuration": true, "workspaceFolders": true},
			"textDocument": map[string]any{
				"synchronization":    map[string]any{"didSave": true},
				"publishDiagnostics": map[string]any{"relatedInformation": true, "codeDescriptionSupport": true},
				"codeAction": map[string]any{"codeActionLiteralSupport": map[string]any{
					"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "refactor", "source", "source.organizeImports"}},
				}},
			},
		},
	}, &init)
	if init.Capabilities["codeActionProvider"] == nil || init.Capabilities["textDocumentSync"] == nil {
		t.Fatalf("initialize: capabilities %v lack code actions or text sync", init.Capabilities)
	}
	c.notify("initialized", map[string]any{})
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": text,
	}})

	// The demo's main.go has one finding per asyncrt check (demoCodes), the
	// time.Sleep blocking finding among them; the Go-native lock checks'
	// instances are in its locks.go, which the session does not open.
	inLocksFile := []string{"doublelock", "forgetunlock", "lockorder", "lockblock"}
	allChecks := slices.Sorted(slices.Values(slices.DeleteFunc(suite.Names(), func(c string) bool {
		return slices.Contains(inLocksFile, c)
	})))
	without := func(check string) []string {
		return slices.DeleteFunc(slices.Clone(allChecks), func(c string) bool { return c == check })
	}
	diags := c.waitDiags(uri, 3*time.Minute, "gopls's and asynclint's diagnostics together", func(ds []testDiag) bool {
		return slices.Equal(demoCodes(ds), allChecks) && (!withGopls || hasSource(ds, "printf"))
	})
	t.Logf("first merged diagnostics after %s", time.Since(began).Round(time.Millisecond))

	// UTF-16 columns: the blocking finding starts after the wide comment.
	sleep := findMessage(t, diags, "blocking", "time.Sleep")
	lines := strings.Split(text, "\n")
	line := lines[sleep.Range.Start.Line]
	i := strings.Index(line, "time.Sleep")
	if i < 0 {
		t.Fatalf("blocking reported on line %d %q, not on the time.Sleep line", sleep.Range.Start.Line, line)
	}
	if want := len(utf16.Encode([]rune(line[:i]))); sleep.Range.Start.Character != want {
		t.Errorf("blocking starts at UTF-16 column %d; want %d (byte column %d)", sleep.Range.Start.Character, want, i)
	}
	if lock := find(t, diags, "lockawait"); len(lock.RelatedInformation) == 0 || lock.RelatedInformation[0].Location.URI != uri {
		t.Errorf("lockawait has related information %+v; want the Lock call in %s", lock.RelatedInformation, uri)
	}
	if sleep.CodeDescription == nil || !strings.Contains(sleep.CodeDescription.Href, "blocking") {
		t.Errorf("blocking's codeDescription %+v does not link to its documentation", sleep.CodeDescription)
	}

	// Code actions: the blocking fix, offered for the finding's range,
	// not offered to a request for source actions only.
	var none []json.RawMessage
	c.call("textDocument/codeAction", codeActionRequest(uri, sleep, []string{"source.organizeImports"}), &none)
	for _, raw := range none {
		if bytes.Contains(raw, []byte(`"quickfix"`)) && bytes.Contains(raw, []byte("asyncrt.Sleep")) {
			t.Errorf("a request for source.organizeImports only got asynclint's quick fix %s", raw)
		}
	}
	var actions []struct {
		Title string
		Kind  string
		Edit  *struct {
			Changes map[string][]TextEdit
		}
	}
	c.call("textDocument/codeAction", codeActionRequest(uri, sleep, nil), &actions)
	var edits []TextEdit
	for _, a := range actions {
		if a.Kind == "quickfix" && strings.Contains(a.Title, "asyncrt.Sleep") && a.Edit != nil {
			edits = a.Edit.Changes[uri]
		}
	}
	if len(edits) == 0 {
		t.Fatalf("no quick fix for the blocking finding among %+v", actions)
	}
	// Apply the fix as an editor does: the edits as one incremental change
	// each, from the last to the first, so earlier ranges stay valid.
	slices.SortFunc(edits, func(a, b TextEdit) int {
		if less(a.Range.Start, b.Range.Start) {
			return 1
		}
		return -1
	})
	var changes []map[string]any
	for _, e := range edits {
		text = applyUTF16(t, text, e)
		changes = append(changes, map[string]any{"range": e.Range, "text": e.NewText})
	}
	if want := "\t" + wideComment + "asyncrt.Await(co, asyncrt.Sleep(30 * time.Millisecond))\n"; !strings.Contains(text, want) {
		t.Fatalf("the fix did not produce %q:\n%s", want, text)
	}
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": changes,
	})
	c.waitDiags(uri, time.Minute, "the blocking finding to go after its fix", func(ds []testDiag) bool {
		return slices.Equal(demoCodes(ds), without("blocking")) && (!withGopls || hasSource(ds, "printf"))
	})

	// Remove a pitfall without saving: delete the line dropping the audit
	// future. Later findings move up a line.
	lines = strings.Split(text, "\n")
	auditLine := slices.Index(lines, "\taudit(o)")
	if auditLine < 0 {
		t.Fatal(`no line "\taudit(o)" in the demo`)
	}
	before := find(t, c.diags(uri), "missingwake").Range.Start.Line
	c.notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 3},
		"contentChanges": []any{map[string]any{
			"range": Range{Position{auditLine, 0}, Position{auditLine + 1, 0}}, "text": "",
		}},
	})
	diags = c.waitDiags(uri, time.Minute, "the droppedfuture finding to go with the unsaved edit", func(ds []testDiag) bool {
		return slices.Equal(demoCodes(ds), slices.DeleteFunc(without("blocking"), func(c string) bool { return c == "droppedfuture" })) && (!withGopls || hasSource(ds, "printf"))
	})
	if after := find(t, diags, "missingwake").Range.Start.Line; after != before-1 {
		t.Errorf("missingwake on line %d after deleting a line above it; want %d", after, before-1)
	}
	if disk, err := os.ReadFile(file); err != nil || !strings.Contains(string(disk), "\taudit(o)\n") {
		t.Errorf("the file on disk changed (%v); the edits were never saved", err)
	}

	c.shutdown()
	t.Logf("session took %s", time.Since(began).Round(time.Millisecond))
	if withGopls {
		m := regexp.MustCompile(`started .* \(pid (\d+)\)`).FindStringSubmatch(c.stderr.String())
		if m == nil {
			t.Fatalf("the proxy did not log gopls's pid:\n%s", c.stderr.String())
		}
		var pid int
		fmt.Sscan(m[1], &pid)
		if err := syscall.Kill(pid, 0); err == nil {
			t.Errorf("gopls (pid %d) is still running after exit", pid)
		}
	}
	noProcessLeft(t, bin)
}

// noProcessLeft fails if a process of the binary (the server, or a vet tool
// run it started) outlives the session.
func noProcessLeft(t *testing.T, bin string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		return
	}
	var left []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		left = left[:0]
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
			if err == nil && bytes.Contains(cmdline, []byte(bin)) {
				left = append(left, e.Name()+": "+strings.ReplaceAll(string(cmdline), "\x00", " "))
			}
		}
		if len(left) == 0 {
			return
		}
	}
	t.Errorf("processes left behind after exit:\n%s", strings.Join(left, "\n"))
}

func codeActionRequest(uri string, d testDiag, only []string) map[string]any {
	ctx := map[string]any{"diagnostics": []testDiag{d}}
	if only != nil {
		ctx["only"] = only
	}
	return map[string]any{"textDocument": map[string]string{"uri": uri}, "range": d.Range, "context": ctx}
}

// applyUTF16 applies e to text, counting columns in UTF-16 independently of
// the package's own conversion.
func applyUTF16(t *testing.T, text string, e TextEdit) string {
	t.Helper()
	offset := func(p Position) int {
		lines := strings.SplitAfter(text, "\n")
		off := 0
		for _, l := range lines[:p.Line] {
			off += len(l)
		}
		n := 0
		for i, r := range lines[p.Line] {
			if n >= p.Character {
				return off + i
			}
			n += len(utf16.Encode([]rune{r}))
		}
		t.Fatalf("position %+v is past its line", p)
		return 0
	}
	return text[:offset(e.Range.Start)] + e.NewText + text[offset(e.Range.End):]
}

type testDiag struct {
	Range              Range           `json:"range"`
	Severity           int             `json:"severity"`
	Code               json.RawMessage `json:"code,omitempty"`
	CodeDescription    *struct{ Href string }
	Source             string `json:"source"`
	Message            string `json:"message"`
	RelatedInformation []struct {
		Location Location `json:"location"`
		Message  string   `json:"message"`
	} `json:"relatedInformation"`
}

func (d testDiag) code() string {
	var s string
	json.Unmarshal(d.Code, &s)
	return s
}

func asynclintCodes(ds []testDiag) []string {
	var codes []string
	for _, d := range ds {
		if d.Source == source {
			codes = append(codes, d.code())
		}
	}
	slices.Sort(codes)
	return codes
}

// demoCodes is asynclintCodes for the demo: without the blocking
// diagnostics at the start of a nestedblockon one, since the blocking check
// reports nested runtimes too (analyzers/nestedblockon/doc.go) and the
// demo's nested runtime is one instance of one pitfall.
func demoCodes(ds []testDiag) []string {
	nested := make(map[Position]bool)
	for _, d := range ds {
		if d.Source == source && d.code() == "nestedblockon" {
			nested[d.Range.Start] = true
		}
	}
	return asynclintCodes(slices.DeleteFunc(slices.Clone(ds), func(d testDiag) bool {
		return d.Source == source && d.code() == "blocking" && nested[d.Range.Start]
	}))
}

// findMessage is find for the diagnostic of check whose message contains
// text.
func findMessage(t *testing.T, ds []testDiag, check, text string) testDiag {
	t.Helper()
	for _, d := range ds {
		if d.Source == source && d.code() == check && strings.Contains(d.Message, text) {
			return d
		}
	}
	t.Fatalf("no %s diagnostic mentioning %q in %+v", check, text, ds)
	return testDiag{}
}

func hasSource(ds []testDiag, src string) bool {
	return slices.ContainsFunc(ds, func(d testDiag) bool { return d.Source == src })
}

func find(t *testing.T, ds []testDiag, check string) testDiag {
	t.Helper()
	for _, d := range ds {
		if d.Source == source && d.code() == check {
			return d
		}
	}
	t.Fatalf("no %s diagnostic in %+v", check, ds)
	return testDiag{}
}

// client is a scripted editor.
type client struct {
	t      *testing.T
	cmd    *exec.Cmd
	out    *Writer
	stderr *syncBuffer
	exited chan error

	mu      sync.Mutex
	nextID  int
	replies map[int]chan *message
	latest  map[string][]testDiag
	changed chan struct{} // closed and replaced on every publish
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startClient(t *testing.T, bin string, args []string, dir string, env []string) *client {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, env
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &client{
		t: t, cmd: cmd, out: NewWriter(stdin), stderr: new(syncBuffer), exited: make(chan error, 1),
		replies: make(map[int]chan *message), latest: make(map[string][]testDiag), changed: make(chan struct{}),
	}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		in := NewReader(stdout)
		for {
			body, err := in.Read()
			if err != nil {
				break
			}
			c.receive(body)
		}
		c.exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("server's standard error:\n%s", c.stderr.String())
		}
	})
	return c
}

func (c *client) receive(body []byte) {
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		c.t.Errorf("malformed message from the server: %v: %s", err, body)
		return
	}
	switch {
	case m.isResponse():
		var id int
		json.Unmarshal(m.ID, &id)
		c.mu.Lock()
		ch := c.replies[id]
		delete(c.replies, id)
		c.mu.Unlock()
		if ch != nil {
			ch <- &m
		}
	case m.isRequest():
		// gopls asks for configuration, progress tokens, registrations:
		// answer as a minimal editor does.
		var result any
		if m.Method == "workspace/configuration" {
			var p struct{ Items []json.RawMessage }
			json.Unmarshal(m.Params, &p)
			result = make([]any, len(p.Items))
		}
		body, _ := json.Marshal(response{JSONRPC: "2.0", ID: m.ID, Result: result})
		c.out.Write(body)
	case m.Method == "textDocument/publishDiagnostics":
		var p struct {
			URI         string     `json:"uri"`
			Diagnostics []testDiag `json:"diagnostics"`
		}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v: %s", err, m.Params)
			return
		}
		c.mu.Lock()
		c.latest[p.URI] = p.Diagnostics
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
	}
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan *message, 1)
	c.replies[id] = ch
	c.mu.Unlock()
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	if err := c.out.Write(body); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
		}
		if result != nil && len(m.Result) > 0 {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: reply %s: %v", method, m.Result, err)
			}
		}
	case <-time.After(2 * time.Minute):
		c.t.Fatalf("%s: no reply in 2 minutes", method)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	body, _ := json.Marshal(notification{JSONRPC: "2.0", Method: method, Params: params})
	if err := c.out.Write(body); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) diags(uri string) []testDiag {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.latest[uri]
}

// waitDiags waits until the latest diagnostics published for uri satisfy ok.
func (c *client) waitDiags(uri string, timeout time.Duration, what string, ok func([]testDiag) bool) []testDiag {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		ds, changed := c.latest[uri], c.changed
		c.mu.Unlock()
		if ok(ds) {
			return ds
		}
		select {
		case <-changed:
		case <-deadline:
			var b strings.Builder
			for _, d := range ds {
				fmt.Fprintf(&b, "\n  %d:%d %s %s: %s", d.Range.Start.Line, d.Range.Start.Character, d.Source, d.code(), d.Message)
			}
			c.t.Fatalf("waited %s for %s; the latest diagnostics for %s are:%s", timeout, what, uri, b.String())
		}
	}
}

// shutdown ends the session as an editor does and checks that the server
// exits by itself, successfully.
func (c *client) shutdown() {
	c.t.Helper()
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.exited:
		if err != nil {
			c.t.Errorf("the server exited with %v after shutdown and exit", err)
		}
	case <-time.After(30 * time.Second):
		c.t.Fatal("the server did not exit within 30s of exit")
	}
}
