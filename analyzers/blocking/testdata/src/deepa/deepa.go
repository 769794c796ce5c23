// Package deepa calls deepb, so its Check blocks two packages deep.
package deepa

import "deepb"

// Check probes a health endpoint.
func Check(url string) bool { return deepb.Probe(url) == nil }
