// Package fixable is the fixture for -fix: every finding in it has a
// suggested fix, so after -fix it must build and lint clean.
package fixable

import (
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// Tick sleeps on the worker thread instead of suspending.
func Tick(co *asyncrt.Co) {
	time.Sleep(10 * time.Millisecond)
}

func ping() asyncrt.Future[struct{}] {
	return asyncrt.Sleep(time.Millisecond)
}

// Kick drops the future ping returns.
func Kick(co *asyncrt.Co) {
	ping()
}

// Calm kept a directive that no longer silences anything.
func Calm(co *asyncrt.Co) {
	//asynclint:ignore blocking this used to call time.Sleep
	asyncrt.Yield(co)
}
