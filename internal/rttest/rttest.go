// Package rttest runs code on the real asyncrt runtime for the checks'
// runtime-evidence tests (each check shows that the shapes it reports really
// hang, panic or lose work), bounded in time so that a shape that hangs
// fails its test instead of the test binary.
package rttest

import (
	"log/slog"
	"testing"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Timeout bounds every shape run on the runtime.
const Timeout = 10 * time.Second

// Quiet drops the runtime's diagnostics log: on a loaded machine its
// long-poll warnings are noise in tests that check outcomes.
var Quiet = asyncrt.WithLogger(slog.New(slog.DiscardHandler))

// BlockOn runs body as an async function on rt (asyncrt.BlockOn, from a
// goroutine of its own) and returns its value and the value it panicked
// with, if any. When body neither returns nor panics within Timeout, it
// fails t, saying what the hang means (hang).
func BlockOn[T any](t testing.TB, rt *asyncrt.Runtime, hang string, body func(*asyncrt.Co) T) (v T, panicked any) {
	t.Helper()
	type outcome struct {
		v T
		p any
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			o.p = recover()
			done <- o
		}()
		o.v = asyncrt.BlockOn(rt, asyncrt.Async(body))
	}()
	select {
	case o := <-done:
		return o.v, o.p
	case <-time.After(Timeout):
		t.Fatalf("%s: not finished within %v", hang, Timeout)
		return v, nil
	}
}
