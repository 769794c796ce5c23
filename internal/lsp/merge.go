package lsp

import (
	"encoding/json"
	"sync"
)

type origin int

const (
	fromGopls origin = iota
	fromAsynclint
)

// A merger keeps the last set of diagnostics each source published for
// each file and publishes their union whenever either changes. LSP has one
// set per file per server, so whichever source spoke last would otherwise
// erase the other's; and gopls publishes a file several times per version
// (parse errors, then type errors, then analysis), each replacing the last.
type merger struct {
	mu    sync.Mutex
	write func([]byte) error
	sets  [2]map[string]publishParams // by origin, then file key
}

func newMerger(write func([]byte) error) *merger {
	return &merger{write: write, sets: [2]map[string]publishParams{{}, {}}}
}

// update records from's set for the file key and writes the union. The
// write happens under the lock so that two unions for one file cannot reach
// the editor out of order.
func (m *merger) update(from origin, key string, set publishParams) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(set.Diagnostics) == 0 {
		delete(m.sets[from], key)
	} else {
		m.sets[from][key] = set
	}
	union := m.union(key, set)
	body, err := json.Marshal(notification{JSONRPC: "2.0", Method: "textDocument/publishDiagnostics", Params: union})
	if err != nil {
		return err
	}
	return m.write(body)
}

// union is gopls's diagnostics followed by asynclint's, under gopls's URI
// and version when gopls has a set (the editor matches its documents by
// them), else under latest's.
func (m *merger) union(key string, latest publishParams) publishParams {
	out := publishParams{URI: latest.URI, Version: latest.Version, Diagnostics: []json.RawMessage{}}
	if g, ok := m.sets[fromGopls][key]; ok {
		out.URI, out.Version = g.URI, g.Version
	}
	for _, from := range []origin{fromGopls, fromAsynclint} {
		out.Diagnostics = append(out.Diagnostics, m.sets[from][key].Diagnostics...)
	}
	return out
}
