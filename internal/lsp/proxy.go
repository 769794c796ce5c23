package lsp

import (
	"encoding/json"
	"errors"
	"io"
	"log"
	"os/exec"
	"runtime/debug"
	"sync"
)

// goplsProxy sits between the editor and gopls. Every message goes through
// unchanged as raw bytes, except two kinds that it rewrites: gopls's
// publishDiagnostics, which gets asynclint's diagnostics for the same file
// added, and gopls's replies to codeAction, which get asynclint's quick
// fixes added. It also reads (without changing) the editor's document
// notifications, to analyze unsaved buffers.
type goplsProxy struct {
	logf    func(string, ...any)
	docs    *documents
	checker *checker
	merge   *merger

	mu       sync.Mutex
	initID   string                      // the initialize request, whose reply fixes the position encoding
	actions  map[string]codeActionParams // codeAction requests in flight, by ID
	literals bool                        // the client accepts CodeAction literals
}

func proxy(gopls string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	logger := log.New(stderr, "asynclint gopls: ", log.LstdFlags)
	cmd := exec.Command(gopls, args...)
	cmd.Stderr = stderr // gopls's log goes where the editor reads ours
	toGopls, err := cmd.StdinPipe()
	if err != nil {
		logger.Print(err)
		return 1
	}
	fromGopls, err := cmd.StdoutPipe()
	if err != nil {
		logger.Print(err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		logger.Printf("starting gopls: %v", err)
		return 1
	}
	logger.Printf("started %s (pid %d)", gopls, cmd.Process.Pid)

	client := NewWriter(stdout)
	p := &goplsProxy{
		logf:    logger.Printf,
		docs:    newDocuments(),
		merge:   newMerger(client.Write),
		actions: make(map[string]codeActionParams),
	}
	p.checker = newChecker(p.docs, p.publish, p.logf)

	go p.fromClient(NewReader(stdin), NewWriter(toGopls), toGopls)
	p.fromServer(NewReader(fromGopls), client)
	err = cmd.Wait()
	p.checker.close()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode()
	}
	logger.Printf("gopls: %v", err)
	return 1
}

// fromClient forwards the editor's messages to gopls until the editor
// closes its end, then closes gopls's standard input.
func (p *goplsProxy) fromClient(in *Reader, gopls *Writer, closer io.Closer) {
	defer closer.Close()
	for {
		body, err := in.Read()
		if err != nil {
			if err != io.EOF {
				p.logf("reading from the editor: %v", err)
			}
			return
		}
		// Look before forwarding, so that a codeAction is recorded before
		// its reply can arrive.
		p.safely("editor message", func() { p.inspectClient(body) })
		if err := gopls.Write(body); err != nil {
			p.logf("writing to gopls: %v", err)
			return
		}
	}
}

// fromServer forwards gopls's messages to the editor until gopls closes its
// standard output.
func (p *goplsProxy) fromServer(in *Reader, client *Writer) {
	for {
		body, err := in.Read()
		if err != nil {
			if err != io.EOF {
				p.logf("reading from gopls: %v", err)
			}
			return
		}
		out := body
		p.safely("gopls message", func() { out = p.inspectServer(body) })
		if out == nil {
			continue // already written, merged
		}
		if err := client.Write(out); err != nil {
			p.logf("writing to the editor: %v", err)
		}
	}
}

// safely runs f, logging a panic instead of ending the session: whatever
// goes wrong in asynclint, gopls keeps serving the editor.
func (p *goplsProxy) safely(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			p.logf("internal error on %s (forwarded unchanged): %v\n%s", what, r, debug.Stack())
		}
	}()
	f()
}

func (p *goplsProxy) inspectClient(body []byte) {
	var m message
	if json.Unmarshal(body, &m) != nil {
		return // gopls will say what is wrong with it
	}
	switch m.Method {
	case "initialize":
		var params initializeParams
		_ = json.Unmarshal(m.Params, &params)
		p.mu.Lock()
		p.initID, p.literals = idKey(m.ID), params.literalActions()
		p.mu.Unlock()
	case "textDocument/codeAction":
		var params codeActionParams
		if m.isRequest() && json.Unmarshal(m.Params, &params) == nil {
			p.mu.Lock()
			p.actions[idKey(m.ID)] = params
			p.mu.Unlock()
		}
	case "shutdown":
		p.checker.close()
	default:
		documentNotification(&m, p.docs, p.checker, p.logf)
	}
}

// inspectServer returns the message to forward to the editor: body itself,
// a rewritten reply, or nil when it has been written already.
func (p *goplsProxy) inspectServer(body []byte) []byte {
	var m message
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	if m.Method == "textDocument/publishDiagnostics" {
		var params publishParams
		if json.Unmarshal(m.Params, &params) != nil {
			return body
		}
		if err := p.merge.update(fromGopls, fileKey(params.URI), params); err != nil {
			p.logf("writing to the editor: %v", err)
		}
		return nil
	}
	if !m.isResponse() {
		return body
	}
	key := idKey(m.ID)
	p.mu.Lock()
	params, isAction := p.actions[key]
	delete(p.actions, key)
	isInit := key == p.initID
	literals := p.literals
	p.mu.Unlock()
	switch {
	case isInit:
		var r struct {
			Capabilities struct {
				PositionEncoding string `json:"positionEncoding"`
			} `json:"capabilities"`
		}
		if json.Unmarshal(m.Result, &r) == nil {
			p.docs.setEncoding(encodingOf(r.Capabilities.PositionEncoding))
		}
	case isAction && m.Error == nil && literals:
		path := uriToPath(params.TextDocument.URI)
		if path == "" {
			return body
		}
		ours := p.checker.codeActions(path, params.Range, params.Context.Only)
		if len(ours) == 0 {
			return body
		}
		var result []json.RawMessage
		if len(m.Result) > 0 && string(m.Result) != "null" {
			if json.Unmarshal(m.Result, &result) != nil {
				return body
			}
		}
		for _, a := range ours {
			raw, err := json.Marshal(a)
			if err != nil {
				return body
			}
			result = append(result, raw)
		}
		out, err := json.Marshal(response{JSONRPC: "2.0", ID: m.ID, Result: result})
		if err != nil {
			return body
		}
		return out
	}
	return body
}

// publish is the checker's output: asynclint's half of a file's set.
func (p *goplsProxy) publish(path, uri string, version *int, diags []Diagnostic) {
	params := publishParams{URI: uri, Version: version, Diagnostics: make([]json.RawMessage, 0, len(diags))}
	for _, d := range diags {
		raw, err := json.Marshal(d)
		if err != nil {
			p.logf("encoding a diagnostic: %v", err)
			continue
		}
		params.Diagnostics = append(params.Diagnostics, raw)
	}
	if err := p.merge.update(fromAsynclint, path, params); err != nil {
		p.logf("writing to the editor: %v", err)
	}
}

// fileKey identifies a document across the URIs of gopls and asynclint,
// which may spell the same file differently (escaping, drive letters).
func fileKey(uri string) string {
	if path := uriToPath(uri); path != "" {
		return path
	}
	return uri
}
