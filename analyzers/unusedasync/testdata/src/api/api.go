// Package api is a library whose exported async API is reported only with
// the -exported flag (TestExported).
package api

import "github.com/asynclint/asynclint/asyncrt"

type Client struct{ base string }

func (c *Client) URL(co *asyncrt.Co, path string) string { // want URL:"ignoresCo" `\(\*api.Client\).URL takes a \*asyncrt.Co but never awaits`
	return c.base + path
}

func Version(co *asyncrt.Co) string { // want Version:"ignoresCo" `api.Version takes a \*asyncrt.Co but never awaits`
	return "1.0"
}

// Get awaits: never reported.
func (c *Client) Get(co *asyncrt.Co, path string) string {
	asyncrt.Yield(co)
	return c.URL(co, path)
}

// Renderer is implemented by Page: its method keeps the co.
type Renderer interface {
	Render(co *asyncrt.Co) string
}

type Page struct{ title string }

func (p Page) Render(co *asyncrt.Co) string { return p.title } // want Render:"ignoresCo"
