// Package deepb is the bottom of a two-package chain to net/http.
package deepb

import "net/http"

// Probe performs an HTTP request.
func Probe(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
