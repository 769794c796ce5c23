package lsp

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"strings"
	"time"
)

// Serve runs `asynclint lsp`: a language server speaking LSP on in and out
// that publishes asynclint's findings and offers their fixes, for editors
// that run several servers per language next to gopls. It returns the exit
// status: 0 after shutdown and exit, 1 otherwise.
func Serve(args []string, in io.Reader, out, stderr io.Writer) int {
	fs := flag.NewFlagSet("asynclint lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	delay := fs.Duration("debounce", 250*time.Millisecond, "wait this long after the last edit before checking")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: asynclint lsp [-debounce=D]\n\nRuns asynclint as a language server on standard input and output.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "asynclint lsp: unexpected arguments %q\n", fs.Args())
		return 2
	}
	logger := log.New(stderr, "asynclint lsp: ", log.LstdFlags)
	s := &server{
		out:  NewWriter(out),
		docs: newDocuments(),
		logf: logger.Printf,
	}
	s.checker = newChecker(s.docs, s.publish, s.logf)
	s.checker.delay = *delay
	defer s.checker.close()
	return s.loop(NewReader(in))
}

type server struct {
	out      *Writer
	docs     *documents
	checker  *checker
	logf     func(string, ...any)
	state    int // 0 before initialize, 1 running, 2 after shutdown
	literals bool
}

func (s *server) loop(in *Reader) int {
	for {
		body, err := in.Read()
		if err != nil {
			if err != io.EOF {
				s.logf("reading from the client: %v", err)
			}
			return 1 // the client went away without exit
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			s.logf("malformed message: %v", err)
			continue
		}
		if m.Method == "exit" {
			if s.state == 2 {
				return 0
			}
			return 1
		}
		s.handle(&m)
	}
}

// handle serves one message; a panic is logged and answered with an error
// rather than ending the server.
func (s *server) handle(m *message) {
	defer func() {
		if r := recover(); r != nil {
			s.logf("internal error handling %s: %v\n%s", m.Method, r, debug.Stack())
			if m.isRequest() {
				s.replyError(m.ID, -32603, fmt.Sprintf("internal error: %v", r))
			}
		}
	}()
	if m.isResponse() {
		return // we send no requests
	}
	switch {
	case s.state == 0 && m.Method != "initialize":
		if m.isRequest() {
			s.replyError(m.ID, codeServerNotInitialized, "the server is not initialized")
		}
		return
	case s.state == 2 && m.isRequest():
		s.replyError(m.ID, codeInvalidRequest, "the server is shut down")
		return
	}
	switch m.Method {
	case "initialize":
		var p initializeParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			s.replyError(m.ID, codeInvalidParams, err.Error())
			return
		}
		s.literals = p.literalActions()
		s.state = 1
		s.reply(m.ID, map[string]any{
			"capabilities": map[string]any{
				// Positions are UTF-16, the protocol's default.
				"textDocumentSync": map[string]any{
					"openClose": true,
					"change":    2, // incremental
					"save":      map[string]any{"includeText": false},
				},
				"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix"}},
			},
			"serverInfo": map[string]any{"name": "asynclint", "version": version()},
		})
	case "shutdown":
		s.state = 2
		s.checker.close()
		s.reply(m.ID, nil)
	case "textDocument/codeAction":
		var p codeActionParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			s.replyError(m.ID, codeInvalidParams, err.Error())
			return
		}
		actions := []CodeAction{}
		if path := uriToPath(p.TextDocument.URI); path != "" && s.literals {
			actions = append(actions, s.checker.codeActions(path, p.Range, p.Context.Only)...)
		}
		s.reply(m.ID, actions)
	default:
		if !documentNotification(m, s.docs, s.checker, s.logf) && m.isRequest() {
			s.replyError(m.ID, codeMethodNotFound, "method not supported: "+m.Method)
		}
	}
}

// documentNotification keeps docs in step with the editor's buffers and
// schedules checks; it reports whether m was one of the notifications it
// follows. The proxy and the server share it.
func documentNotification(m *message, docs *documents, c *checker, logf func(string, ...any)) bool {
	switch m.Method {
	case "textDocument/didOpen":
		var p didOpenParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			logf("%s: %v", m.Method, err)
			return true
		}
		if path := uriToPath(p.TextDocument.URI); path != "" && strings.HasSuffix(path, ".go") {
			docs.open(path, p.TextDocument.URI, p.TextDocument.Version, p.TextDocument.Text)
			c.changed(path)
		}
	case "textDocument/didChange":
		var p didChangeParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			logf("%s: %v", m.Method, err)
			return true
		}
		if path := uriToPath(p.TextDocument.URI); path != "" && strings.HasSuffix(path, ".go") {
			if err := docs.change(path, p.TextDocument.Version, p.ContentChanges); err != nil {
				logf("%v", err)
			}
			c.changed(path)
		}
	case "textDocument/didSave":
		var p didSaveParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			logf("%s: %v", m.Method, err)
			return true
		}
		if path := uriToPath(p.TextDocument.URI); path != "" {
			docs.saved(path, p.Text)
			c.saved(path)
		}
	case "textDocument/didClose":
		var p didSaveParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			logf("%s: %v", m.Method, err)
			return true
		}
		if path := uriToPath(p.TextDocument.URI); path != "" {
			if _, open := docs.get(path); open {
				docs.close(path)
				c.changed(path) // the text on disk applies again
			}
		}
	case "workspace/didChangeWatchedFiles":
		var p didChangeWatchedParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			logf("%s: %v", m.Method, err)
			return true
		}
		for _, ch := range p.Changes {
			if path := uriToPath(ch.URI); path != "" {
				if _, open := docs.get(path); !open {
					c.saved(path)
				}
			}
		}
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration", "workspace/didChangeWorkspaceFolders":
		// Nothing to do: fixes are computed ahead of the request.
	default:
		return false
	}
	return true
}

func (s *server) publish(path, uri string, version *int, diags []Diagnostic) {
	s.write(notification{JSONRPC: "2.0", Method: "textDocument/publishDiagnostics", Params: struct {
		URI         string       `json:"uri"`
		Version     *int         `json:"version,omitempty"`
		Diagnostics []Diagnostic `json:"diagnostics"`
	}{uri, version, diags}})
}

func (s *server) reply(id json.RawMessage, result any) {
	s.write(response{JSONRPC: "2.0", ID: id, Result: result})
}

func (s *server) replyError(id json.RawMessage, code int, msg string) {
	s.write(errorResponse{JSONRPC: "2.0", ID: id, Error: rpcError{Code: code, Message: msg}})
}

func (s *server) write(v any) {
	body, err := json.Marshal(v)
	if err == nil {
		err = s.out.Write(body)
	}
	if err != nil {
		s.logf("writing to the client: %v", err)
	}
}

// version is the module version asynclint was built from, or "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
