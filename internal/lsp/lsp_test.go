package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynclint/asynclint/internal/engine"
)

func TestFraming(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	msgs := []string{`{"jsonrpc":"2.0","method":"a"}`, `{"x":"é😀"}`, `{}`}
	for _, m := range msgs {
		if err := w.Write([]byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.HasPrefix(buf.String(), "Content-Length: 30\r\n\r\n{") {
		t.Errorf("framing %q", buf.String())
	}
	// Other headers, any case, and bare "\n" line ends are accepted.
	buf.WriteString("content-length: 2\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n[]")
	r := NewReader(&buf)
	for _, want := range append(msgs, "[]") {
		got, err := r.Read()
		if err != nil || string(got) != want {
			t.Fatalf("Read = %q, %v; want %q", got, err, want)
		}
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}

	for _, bad := range []struct{ in, want string }{
		{"Content-Length: 10\r\n\r\n{}", "unexpected EOF"},
		{"Content-Length: 2\r\n", "unexpected EOF"},
		{"Content-Type: x\r\n\r\n{}", "without a Content-Length"},
		{"Content-Length: -1\r\n\r\n", "bad Content-Length"},
		{"Content-Length: 99999999999\r\n\r\n", "bad Content-Length"},
		{"garbage\r\n\r\n", "malformed LSP header"},
	} {
		_, err := NewReader(strings.NewReader(bad.in)).Read()
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Read(%q) = %v; want an error containing %q", bad.in, err, bad.want)
		}
	}
}

func TestWriterConcurrent(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.Write(bytes.Repeat([]byte{'a' + byte(i%26)}, 1000+i))
		}()
	}
	wg.Wait()
	r := NewReader(&buf)
	for range 50 {
		b, err := r.Read()
		if err != nil || len(bytes.Trim(b, string(b[:1]))) != 0 {
			t.Fatalf("interleaved message: %v", err)
		}
	}
}

func TestPositions(t *testing.T) {
	text := []byte("ab\r\nx½😀y\n\nlast")
	for _, tc := range []struct {
		enc  encoding
		pos  Position
		off  int
		back Position // positionOf(off), when it differs from pos (clamping)
	}{
		{utf16Units, Position{0, 0}, 0, Position{}},
		{utf16Units, Position{0, 2}, 2, Position{}},
		{utf16Units, Position{0, 9}, 2, Position{0, 2}}, // past the end of the line: its end, before \r\n
		{utf16Units, Position{1, 1}, 5, Position{}},     // after x
		{utf16Units, Position{1, 2}, 7, Position{}},     // after ½ (2 bytes, 1 unit)
		{utf16Units, Position{1, 4}, 11, Position{}},    // after 😀 (4 bytes, 2 units)
		{utf16Units, Position{1, 5}, 12, Position{}},
		{utf8Units, Position{1, 3}, 7, Position{}},
		{utf32, Position{1, 3}, 11, Position{}},
		{utf16Units, Position{2, 0}, 13, Position{}},
		{utf16Units, Position{3, 4}, 18, Position{}},
	} {
		off, err := offsetOf(text, tc.pos, tc.enc)
		if err != nil || off != tc.off {
			t.Errorf("offsetOf(%+v, %d) = %d, %v; want %d", tc.pos, tc.enc, off, err, tc.off)
		}
		want := tc.pos
		if tc.back != (Position{}) {
			want = tc.back
		}
		if got := positionOf(text, tc.off, tc.enc); got != want {
			t.Errorf("positionOf(%d, %d) = %+v; want %+v", tc.off, tc.enc, got, want)
		}
	}
	if _, err := offsetOf(text, Position{4, 0}, utf16Units); err == nil {
		t.Error("a line past the end is not an error")
	}
	// go/token's byte columns.
	if got := positionAt(text, 2, 12-4+1, utf16Units); got != (Position{1, 5}) {
		t.Errorf("positionAt(2, 9) = %+v; want {1 5}", got)
	}
	if got := positionAt(text, 2, 0, utf16Units); got != (Position{1, 0}) {
		t.Errorf("positionAt(2, 0) = %+v; want {1 0}", got)
	}
}

func TestDocumentsIncremental(t *testing.T) {
	d := newDocuments()
	d.open("/a.go", "file:///a.go", 1, "package a\n\nvar s = \"😀\"\n")
	err := d.change("/a.go", 2, []contentChange{
		{Range: &Range{Position{2, 9}, Position{2, 11}}, Text: "é"}, // the emoji: 2 UTF-16 units
		{Range: &Range{Position{0, 8}, Position{0, 9}}, Text: "b"},
	})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := d.get("/a.go")
	if string(doc.text) != "package b\n\nvar s = \"é\"\n" || doc.version != 2 {
		t.Errorf("after changes: version %d %q", doc.version, doc.text)
	}
	// A change that cannot apply loses the buffer until a full change.
	if err := d.change("/a.go", 3, []contentChange{{Range: &Range{Position{9, 0}, Position{9, 0}}, Text: "x"}}); err == nil {
		t.Error("change past the end: no error")
	}
	if _, ok := d.snapshot()["/a.go"]; ok {
		t.Error("a lost buffer is still analyzed")
	}
	d.change("/a.go", 4, []contentChange{{Text: "package c\n"}})
	if s := d.snapshot()["/a.go"]; string(s.text) != "package c\n" {
		t.Errorf("after a full change: %q", s.text)
	}
}

func TestURIs(t *testing.T) {
	for _, p := range []string{"/tmp/a b/c.go", "/x/ä#1.go"} {
		u := pathToURI(p)
		if got := uriToPath(u); got != p {
			t.Errorf("uriToPath(pathToURI(%q) = %q) = %q", p, u, got)
		}
	}
	if got := uriToPath("file:///tmp/a%20b/c.go"); got != "/tmp/a b/c.go" {
		t.Errorf("escaped URI: %q", got)
	}
	if got := uriToPath("untitled:Untitled-1"); got != "" {
		t.Errorf("untitled URI: %q", got)
	}
}

func TestServeMode(t *testing.T) {
	for _, tc := range []struct {
		args          []string
		serve, daemon bool
	}{
		{nil, true, false},
		{[]string{"-mode=stdio"}, true, false},
		{[]string{"serve", "-rpc.trace"}, true, false},
		{[]string{"-logfile", "/tmp/x", "-remote=auto"}, true, false},
		{[]string{"-remote", "auto", "serve"}, true, false},
		{[]string{"version"}, false, false},
		{[]string{"-v", "version"}, false, false},
		{[]string{"-logfile", "serve", "version"}, false, false}, // "serve" is -logfile's value
		{[]string{"help", "serve"}, false, false},
		{[]string{"-h"}, false, false},
		{[]string{"serve", "-help"}, false, false},
		{[]string{"-listen=:1234"}, false, true},
		{[]string{"serve", "-port", "1234"}, false, true},
	} {
		serve, daemon := serveMode(tc.args)
		if serve != tc.serve || daemon != tc.daemon {
			t.Errorf("serveMode(%q) = %v, %v; want %v, %v", tc.args, serve, daemon, tc.serve, tc.daemon)
		}
	}
	for _, tc := range []struct {
		args []string
		path string
		rest []string
	}{
		{[]string{"-gopls=/x/gopls", "version"}, "/x/gopls", []string{"version"}},
		{[]string{"--gopls", "/x/gopls"}, "/x/gopls", []string{}},
		{[]string{"version", "-gopls=/x"}, "", []string{"version", "-gopls=/x"}},
		{[]string{"-v"}, "", []string{"-v"}},
	} {
		path, rest := cutGoplsFlag(tc.args)
		if path != tc.path || !slices.Equal(rest, tc.rest) {
			t.Errorf("cutGoplsFlag(%q) = %q, %q; want %q, %q", tc.args, path, rest, tc.path, tc.rest)
		}
	}
}

func TestFindGoplsSkipsItself(t *testing.T) {
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// A link named gopls to this very program comes first on PATH; the
	// real one (a stand-in script here) comes second.
	if err := os.Symlink(self, filepath.Join(dir, "gopls")); err != nil {
		t.Skip(err)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "gopls"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(GoplsEnv, "")
	t.Setenv("PATH", dir+string(filepath.ListSeparator)+other)
	got, err := findGopls("")
	if err != nil || got != filepath.Join(other, "gopls") {
		t.Errorf("findGopls = %q, %v; want the second one", got, err)
	}
	if _, err := findGopls("/no/such/gopls"); err == nil || !strings.Contains(err.Error(), "/no/such/gopls") {
		t.Errorf("a -gopls path that does not exist: %v", err)
	}
}

func TestMerger(t *testing.T) {
	var out []publishParams
	m := newMerger(func(b []byte) error {
		var n struct{ Params publishParams }
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		out = append(out, n.Params)
		return nil
	})
	v := func(n int) *int { return &n }
	raw := func(s ...string) []json.RawMessage {
		var r []json.RawMessage
		for _, x := range s {
			r = append(r, json.RawMessage(`{"message":"`+x+`","data":{"kept":true}}`))
		}
		return r
	}
	messages := func(p publishParams) string {
		var s []string
		for _, d := range p.Diagnostics {
			var x struct{ Message string }
			json.Unmarshal(d, &x)
			s = append(s, x.Message)
		}
		return p.URI + " " + strings.Join(s, ",")
	}
	const key = "/a.go"
	steps := []struct {
		from origin
		set  publishParams
		want string
	}{
		{fromAsynclint, publishParams{URI: "file:///a.go", Version: v(1), Diagnostics: raw("A1")}, "file:///a.go A1"},
		// gopls publishes several times per version; each replaces its last.
		{fromGopls, publishParams{URI: "file:///%61.go", Version: v(1), Diagnostics: raw("parse")}, "file:///%61.go parse,A1"},
		{fromGopls, publishParams{URI: "file:///%61.go", Version: v(1), Diagnostics: raw("type", "printf")}, "file:///%61.go type,printf,A1"},
		{fromAsynclint, publishParams{URI: "file:///a.go", Version: v(2), Diagnostics: raw("A2")}, "file:///%61.go type,printf,A2"},
		{fromGopls, publishParams{URI: "file:///%61.go", Version: v(2), Diagnostics: nil}, "file:///%61.go A2"},
		{fromAsynclint, publishParams{URI: "file:///a.go", Version: v(3), Diagnostics: nil}, "file:///a.go "},
	}
	for i, s := range steps {
		if err := m.update(s.from, key, s.set); err != nil {
			t.Fatal(err)
		}
		if got := messages(out[i]); got != s.want {
			t.Errorf("step %d: published %q, want %q", i, got, s.want)
		}
		if out[i].Diagnostics == nil {
			t.Errorf("step %d: diagnostics null, want []", i)
		}
	}
	if out[3].Version == nil || *out[3].Version != 1 {
		t.Errorf("the union carries gopls's version, got %v", out[3].Version)
	}
	if !bytes.Contains(out[2].Diagnostics[0], []byte(`"kept":true`)) {
		t.Errorf("gopls's diagnostic lost fields: %s", out[2].Diagnostics[0])
	}
}

// TestProxyRewrites checks the two rewrites and that everything else passes
// byte for byte.
func TestProxyRewrites(t *testing.T) {
	var written [][]byte
	docs := newDocuments()
	p := &goplsProxy{
		logf:     t.Logf,
		docs:     docs,
		merge:    newMerger(func(b []byte) error { written = append(written, b); return nil }),
		actions:  make(map[string]codeActionParams),
		literals: true,
		checker:  &checker{docs: docs, results: make(map[string]*fileResult)},
	}
	diag := Diagnostic{Range: Range{Position{3, 1}, Position{3, 5}}, Source: source, Code: "blocking", Message: "m"}
	fix := CodeAction{Title: "fix it", Kind: "quickfix", Edit: &workspaceEdit{Changes: map[string][]TextEdit{"file:///a.go": {{Range: diag.Range, NewText: "x"}}}}}
	p.checker.results["/a.go"] = &fileResult{uri: "file:///a.go", items: []item{{diag: diag, fixes: []CodeAction{fix}}}}

	odd := []byte(`{"jsonrpc":"2.0",  "method":"$/progress","params":{"token":1,"value":{"kind":"report","x-new":[1,2]}}}`)
	if got := p.inspectServer(odd); !bytes.Equal(got, odd) {
		t.Errorf("a notification changed: %s", got)
	}
	request := func(id string, only string) {
		p.inspectClient([]byte(`{"jsonrpc":"2.0","id":` + id + `,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///a.go"},"range":{"start":{"line":3,"character":2},"end":{"line":3,"character":2}},"context":{"diagnostics":[],"only":` + only + `}}}`))
	}
	request(`7`, `null`)
	got := p.inspectServer([]byte(`{"jsonrpc":"2.0","id":7,"result":[{"title":"gopls's","kind":"refactor.rewrite","newField":1}]}`))
	var reply struct {
		ID     int
		Result []map[string]any
	}
	if err := json.Unmarshal(got, &reply); err != nil || reply.ID != 7 || len(reply.Result) != 2 ||
		reply.Result[0]["newField"] != 1.0 || reply.Result[1]["title"] != "fix it" || reply.Result[1]["diagnostics"] == nil {
		t.Errorf("codeAction reply = %s (%v); want gopls's action then ours", got, err)
	}
	request(`"s"`, `null`)
	got = p.inspectServer([]byte(`{"jsonrpc":"2.0","id":"s","result":null}`))
	if !bytes.Contains(got, []byte(`"fix it"`)) || !bytes.Contains(got, []byte(`"id":"s"`)) {
		t.Errorf("null reply = %s; want our action", got)
	}
	request(`8`, `["source.organizeImports"]`)
	orig := []byte(`{"jsonrpc":"2.0","id":8,"result":null}`)
	if got := p.inspectServer(orig); !bytes.Equal(got, orig) {
		t.Errorf("source-only request: reply rewritten to %s", got)
	}
	request(`9`, `null`)
	orig = []byte(`{"jsonrpc":"2.0","id":9,"error":{"code":-32800,"message":"cancelled"}}`)
	if got := p.inspectServer(orig); !bytes.Equal(got, orig) {
		t.Errorf("error reply rewritten to %s", got)
	}
	// A reply to another request with an ID seen before is not touched.
	orig = []byte(`{"jsonrpc":"2.0","id":7,"result":[]}`)
	if got := p.inspectServer(orig); !bytes.Equal(got, orig) {
		t.Errorf("unrelated reply rewritten to %s", got)
	}

	if got := p.inspectServer([]byte(`{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///a.go","diagnostics":[{"source":"printf","message":"g"}]}}`)); got != nil {
		t.Errorf("publishDiagnostics forwarded as is: %s", got)
	}
	p.publish("/a.go", "file:///a.go", nil, []Diagnostic{diag})
	if len(written) != 2 || !bytes.Contains(written[1], []byte(`"printf"`)) || !bytes.Contains(written[1], []byte(`"asynclint"`)) {
		t.Errorf("merged publications: %s", written)
	}
}

// TestCheckerDebounceAndCancel drives the checker with a fake engine: quick
// changes are checked once, a change during a check cancels it and checks
// the new text, and fixes are withheld once the text moves on.
func TestCheckerDebounceAndCancel(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	for name, content := range map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "a.go": "package m\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	type run struct {
		req     engine.Request
		ctx     context.Context
		release chan *engine.Result
	}
	runs := make(chan run)
	type pub struct {
		version *int
		diags   []Diagnostic
	}
	pubs := make(chan pub, 10)
	docs := newDocuments()
	c := newChecker(docs, func(path, uri string, version *int, diags []Diagnostic) { pubs <- pub{version, diags} }, t.Logf)
	defer c.close()
	c.delay = 50 * time.Millisecond
	c.run = func(ctx context.Context, req engine.Request) (*engine.Result, error) {
		r := run{req, ctx, make(chan *engine.Result)}
		runs <- r
		select {
		case res := <-r.release:
			return res, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	next := func() run {
		select {
		case r := <-runs:
			return r
		case <-time.After(30 * time.Second):
			t.Fatal("no check started")
		}
		return run{}
	}

	docs.open(file, "file://"+file, 1, "package m\n")
	for range 3 {
		c.changed(file)
	}
	first := next()
	if len(first.req.Overlay) != 0 {
		t.Errorf("overlay %v for a buffer equal to the file on disk", first.req.Overlay)
	}
	edited := "package m\n\n// é😀\nvar X = 1\n"
	docs.change(file, 2, []contentChange{{Text: edited}})
	c.changed(file)
	select {
	case <-first.ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the stale check was not cancelled")
	}
	second := next()
	if string(second.req.Overlay[file]) != edited {
		t.Errorf("second check's overlay = %q, want the edited buffer", second.req.Overlay[file])
	}
	second.release <- &engine.Result{Findings: []engine.Finding{{
		Check: "blocking", Message: "m",
		Pos: engine.Position{Filename: file, Line: 4, Column: 5}, End: engine.Position{Filename: file, Line: 4, Column: 6},
		Fixes: []engine.Fix{{Message: "fix", Edits: []engine.Edit{{Filename: file, Start: 11, End: 20, New: ""}}}},
	}}}
	p := <-pubs
	if p.version == nil || *p.version != 2 || len(p.diags) != 1 || p.diags[0].Range.Start != (Position{3, 4}) {
		t.Fatalf("published version %v diagnostics %+v", p.version, p.diags)
	}
	actions := c.codeActions(file, Range{Position{3, 4}, Position{3, 4}}, nil)
	if len(actions) != 1 || actions[0].Edit.Changes["file://"+file][0].Range != (Range{Position{2, 0}, Position{2, 6}}) {
		t.Errorf("code actions %+v", actions)
	}
	if got := c.codeActions(file, Range{Position{0, 0}, Position{0, 1}}, nil); len(got) != 0 {
		t.Errorf("code actions away from the finding: %+v", got)
	}
	docs.change(file, 3, []contentChange{{Text: edited + "\n"}})
	if got := c.codeActions(file, Range{Position{3, 4}, Position{3, 4}}, nil); len(got) != 0 {
		t.Errorf("fixes offered for text that has changed since: %+v", got)
	}
	// The third check fails to load the package: the findings stay.
	c.changed(file)
	third := next()
	third.release <- &engine.Result{Failures: []engine.Failure{{Package: "example.com/m", Message: "a.go:5:1: syntax error"}}}
	select {
	case p := <-pubs:
		t.Errorf("a failed check published %+v", p)
	case <-time.After(300 * time.Millisecond):
	}
	// A successful one with nothing to report clears them.
	c.changed(file)
	fourth := next()
	fourth.release <- &engine.Result{}
	if p := <-pubs; len(p.diags) != 0 || p.diags == nil {
		t.Errorf("clearing publication %+v", p)
	}
}

func TestWantsQuickFix(t *testing.T) {
	for only, want := range map[string]bool{"": true, "quickfix": true, "source": false, "source.organizeImports": false, "refactor": false} {
		var o []string
		if only != "" {
			o = []string{only}
		}
		if got := wantsQuickFix(o); got != want {
			t.Errorf("wantsQuickFix(%q) = %v", o, got)
		}
	}
}
