// Package withtests is the fixture for -test: its only finding is in a test
// file.
package withtests

import "github.com/asynclint/asynclint/asyncrt"

// Step yields once.
func Step(co *asyncrt.Co) { asyncrt.Yield(co) }
