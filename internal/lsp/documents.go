package lsp

import (
	"fmt"
	"sync"
)

// documents are the editor's open buffers, kept from didOpen and didChange
// so that unsaved text can be analyzed through the go command's -overlay.
type documents struct {
	mu     sync.Mutex
	enc    encoding
	byPath map[string]*document
}

type document struct {
	uri     string
	version int
	text    []byte
	// lost is set when a change could not be applied: the copy no longer
	// matches the editor's, so it is neither analyzed nor used for fixes
	// until the next didOpen or full-text change.
	lost bool
}

func newDocuments() *documents { return &documents{byPath: make(map[string]*document)} }

func (d *documents) setEncoding(enc encoding) {
	d.mu.Lock()
	d.enc = enc
	d.mu.Unlock()
}

func (d *documents) encoding() encoding {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.enc
}

func (d *documents) open(path, uri string, version int, text string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.byPath[path] = &document{uri: uri, version: version, text: []byte(text)}
}

// change applies an incremental or full didChange.
func (d *documents) change(path string, version int, changes []contentChange) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc := d.byPath[path]
	if doc == nil {
		return fmt.Errorf("change to %s, which is not open", path)
	}
	doc.version = version
	text := doc.text
	for _, c := range changes {
		if c.Range == nil {
			doc.lost = false
		} else if doc.lost {
			continue
		}
		next, err := applyChange(text, c, d.enc)
		if err != nil {
			doc.lost = true
			return fmt.Errorf("%s version %d: %v; the buffer is ignored until it is reopened", path, version, err)
		}
		text = next
	}
	doc.text = text
	return nil
}

// saved replaces the text when the client sends it with didSave.
func (d *documents) saved(path string, text *string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if doc := d.byPath[path]; doc != nil && text != nil {
		doc.text, doc.lost = []byte(*text), false
	}
}

func (d *documents) close(path string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.byPath, path)
}

// get returns a copy of the open document at path.
func (d *documents) get(path string) (document, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	doc := d.byPath[path]
	if doc == nil {
		return document{}, false
	}
	return *doc, true
}

// snapshot copies every open document that can be analyzed.
func (d *documents) snapshot() map[string]document {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[string]document, len(d.byPath))
	for p, doc := range d.byPath {
		if !doc.lost {
			out[p] = *doc
		}
	}
	return out
}
