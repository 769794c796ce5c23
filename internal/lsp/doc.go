// Package lsp puts asynclint's findings into editors, next to gopls's:
//
//   - Gopls (`asynclint gopls`, or the binary linked as asynclint-gopls) is
//     a transparent proxy in front of the real gopls. Every message goes
//     through unchanged as raw bytes, so gopls features newer than this
//     package keep working, except gopls's textDocument/publishDiagnostics
//     (asynclint's diagnostics for the same file are merged in: the last
//     set of each source per file is kept and the union published, see
//     merger) and gopls's replies to textDocument/codeAction (asynclint's
//     quick fixes are appended, edits inline). Invocations that are not a
//     stdio server (version, help, check, ...) run the real gopls with the
//     same arguments and return its exit status.
//   - Serve (`asynclint lsp`) is a standalone server with the same analysis,
//     for editors that run several servers per language.
//
// Both keep the editor's buffers from didOpen/didChange (incremental sync)
// and hand the unsaved ones to engine.Run as an overlay. A checker re-checks
// the package of a changed file and the workspace packages that import it
// (up to maxDependents), debounced, cancelling a check whose text is stale.
// Positions are converted from go/token byte columns to the negotiated
// encoding (UTF-16 unless gopls agrees on another). Analysis failures are
// logged to standard error (the editor's server log) and never interrupt
// forwarding; a package that fails to load keeps its last findings.
//
// The protocol types are the dozen this package reads or writes, declared
// here. go.lsp.dev/protocol v1.0.1 was considered: its types encode through
// go-json-experiment (Diagnostic.Message is a union type, Source an
// Optional), and its go.mod, with a `tool` block of linters, would have put
// some 250 modules into this module's graph and raised golang.org/x/text
// from v0.14.0 to v0.36.0, for structs that fit on a page.
package lsp
